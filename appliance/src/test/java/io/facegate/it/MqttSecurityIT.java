package io.facegate.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.TrustManagerFactory;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;

import io.facegate.Appliance;
import io.facegate.Main;
import io.facegate.config.ConfigException;
import io.facegate.config.FacegateConfig;
import io.facegate.model.ModelRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * MQTT's ways in, against a real {@code mosquitto}: {@code ssl://} with the broker's CA and a client certificate
 * (PEM files made by {@code openssl} for the test; the broker requires the certificate), and a user name with a
 * password file (the broker refuses anonymous clients); a password file others can read is refused at start-up.
 */
class MqttSecurityIT {

    @TempDir
    Path dir;

    private Mosquitto broker;
    private ModelRegistry models;
    private Appliance server;

    @BeforeEach
    void tools() {
        assumeTrue(Mosquitto.binary() != null, "mosquitto is not installed (.ci/run installs it)");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (models != null) {
            models.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void sslWithTheBrokersCaAndAClientCertificate() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        Path pki = Files.createDirectory(dir.resolve("pki"));
        openssl(pki, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=facegate test CA",
                "-keyout", "ca.key", "-out", "ca.pem");
        issue(pki, "broker", "subjectAltName=IP:127.0.0.1");
        issue(pki, "client", "extendedKeyUsage=clientAuth");
        Files.setPosixFilePermissions(pki.resolve("client.key"), PosixFilePermissions.fromString("rw-------"));
        broker = Mosquitto.start(Files.createDirectory(dir.resolve("broker")), """
                allow_anonymous false
                cafile %s
                certfile %s
                keyfile %s
                require_certificate true
                use_identity_as_username true
                """.formatted(pki.resolve("ca.pem"), pki.resolve("broker.pem"), pki.resolve("broker.key")));
        start(Map.of("mqtt.url", "ssl://127.0.0.1:" + broker.port(),
                "mqtt.ca-certificate", pki.resolve("ca.pem").toString(),
                "mqtt.client-certificate", pki.resolve("client.pem").toString(),
                "mqtt.client-key", pki.resolve("client.key").toString()));

        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(pki.resolve("ca.pem"))));
        trust.init(store);
        // The test's own client shows the broker really demands a certificate: without one it is refused.
        Mqtt3BlockingClient anonymous = MqttClient.builder().useMqttVersion3().identifier("no-cert")
                .serverHost("127.0.0.1").serverPort(broker.port())
                .sslConfig(MqttClientSslConfig.builder().trustManagerFactory(trust).build()).buildBlocking();
        assertThrows(RuntimeException.class, anonymous::connect);

        awaitConnected();
    }

    @Test
    void aUserNameWithAPasswordFileAndAFileOthersCanReadIsRefused() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_passwd")), "mosquitto_passwd is not installed");
        Path passwords = dir.resolve("passwd");
        Process p = new ProcessBuilder("/usr/bin/mosquitto_passwd", "-b", "-c", passwords.toString(), "facegate",
                "door-secret").redirectErrorStream(true).start();
        assertThat(new String(p.getInputStream().readAllBytes()), p.waitFor(), is(0));
        broker = Mosquitto.start(Files.createDirectory(dir.resolve("broker")), """
                allow_anonymous false
                password_file %s
                """.formatted(passwords));
        Path secret = Files.writeString(dir.resolve("mqtt-password"), "door-secret\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, String> keys = Map.of("mqtt.url", broker.url(), "mqtt.username", "facegate",
                "mqtt.password-file", secret.toString());
        ConfigException open = assertThrows(ConfigException.class, () -> start(keys));
        assertThat(open.getMessage(), containsString("mqtt.password-file"));
        assertThat(open.getMessage(), containsString("chmod 600"));
        models.close();
        models = null;

        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        start(keys);
        awaitConnected();
    }

    private void start(Map<String, String> mqtt) throws Exception {
        Map<String, String> keys = new HashMap<>(mqtt);
        keys.put("mqtt.client-id", "secure-box");
        keys.put("models.attributes", "false");
        FacegateConfig config = FacegateServer.loadConfig(FacegateServer.modelsDir(),
                Files.createDirectories(dir.resolve("bucket")), keys);
        models = ModelRegistry.load(config.models());
        server = Main.start(config, models);
    }

    private void awaitConnected() throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String body = "";
        while (System.nanoTime() < end) {
            try (var http = java.net.http.HttpClient.newHttpClient()) {
                body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                        + server.port() + "/status")).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body();
            }
            if (body.contains("\"connected\":true")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never connected: " + body + "\nbroker log: " + broker.log());
    }

    private static void issue(Path pki, String name, String extension) throws Exception {
        openssl(pki, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", name + ".key");
        openssl(pki, "req", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-out", name + ".csr");
        Files.writeString(pki.resolve(name + ".ext"), extension + "\n");
        openssl(pki, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(String.join(" ", command) + ": " + out, p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
                is(true));
    }
}
