package io.facegate.mqtt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import io.facegate.auth.SecretFile;

/**
 * The PEM files of an {@code ssl://} broker: the certificates to trust ({@code mqtt.ca-certificate}; the JDK's trust
 * store without it) and the client's certificate chain and PKCS#8 key ({@code mqtt.client-certificate},
 * {@code mqtt.client-key}, RSA or EC).
 */
final class TlsFiles {

    private TlsFiles() {
    }

    static Optional<TrustManagerFactory> trust(Optional<Path> caFile) throws MqttSetupException {
        if (caFile.isEmpty()) {
            return Optional.empty();
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates(caFile.get(), "mqtt.ca-certificate")) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return Optional.of(tmf);
        } catch (GeneralSecurityException | IOException e) {
            throw new MqttSetupException("mqtt.ca-certificate: cannot use '" + caFile.get() + "' (" + e + ")");
        }
    }

    static Optional<KeyManagerFactory> identity(Optional<Path> certificateFile, Optional<Path> keyFile)
            throws MqttSetupException {
        if (certificateFile.isEmpty() || keyFile.isEmpty()) {
            return Optional.empty();
        }
        List<Certificate> chain = certificates(certificateFile.get(), "mqtt.client-certificate");
        PrivateKey key = privateKey(keyFile.get());
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            char[] none = new char[0];
            store.setKeyEntry("client", key, none, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, none);
            return Optional.of(kmf);
        } catch (GeneralSecurityException | IOException e) {
            throw new MqttSetupException("mqtt.client-certificate: cannot use it with mqtt.client-key (" + e + ")");
        }
    }

    private static List<Certificate> certificates(Path file, String key) throws MqttSetupException {
        try {
            List<Certificate> list = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file))));
            if (list.isEmpty()) {
                throw new MqttSetupException(key + ": no certificate in '" + file + "'");
            }
            return list;
        } catch (GeneralSecurityException | IOException e) {
            throw new MqttSetupException(key + ": cannot read a PEM certificate from '" + file + "' (" + e + ")");
        }
    }

    private static PrivateKey privateKey(Path file) throws MqttSetupException {
        String pem;
        try {
            pem = new String(SecretFile.bytes(file, "mqtt.client-key"), StandardCharsets.US_ASCII);
        } catch (SecretFile.SecretException e) {
            throw new MqttSetupException(e.getMessage());
        }
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new MqttSetupException("mqtt.client-key: '" + file + "' is not a PKCS#8 PEM key (BEGIN PRIVATE KEY);"
                    + " convert it with: openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm
            }
        }
        throw new MqttSetupException("mqtt.client-key: '" + file + "' is neither an RSA, EC nor Ed25519 key");
    }
}
