package io.facegate.board;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.facegate.config.ConfigException;
import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The files firmware-config/ ships to the board parse, and the default config validates through the real loader. */
class FirmwareConfigTest {

    private static final Path SHIPPED = Tools.repo().resolve("firmware-config/facegate.yaml");
    private static final Path MODELS = Path.of("/usr/share/facegate/models");

    @Test
    void shippedConfigValidatesAndStatesTheBuiltInDefaults() {
        FacegateConfig shipped = ConfigLoader.fromFile(SHIPPED, Map.of(), MODELS);
        FacegateConfig defaults = ConfigLoader.fromKeys(Map.of(), MODELS);

        assertThat(shipped.models().dir(), is(MODELS));
        assertThat(shipped.server().host(), is(defaults.server().host()));
        assertThat(shipped.server().port(), is(defaults.server().port()));
        assertThat(shipped.server().maxPayloadSize(), is(defaults.server().maxPayloadSize()));
        assertThat(shipped.server().bodyTimeout(), is(defaults.server().bodyTimeout()));
        assertThat(shipped.models(), is(defaults.models()));
        assertThat(shipped.detector(), is(defaults.detector()));
        assertThat(shipped.images(), is(defaults.images()));
        assertThat(shipped.triggers(), is(defaults.triggers()));
        assertThat(shipped.auth(), is(defaults.auth()));
        assertThat(shipped.admission(), is(defaults.admission()));
    }

    @Test
    void shippedConfigNamesEveryKeyTheJarDefines() {
        Set<String> builtIn = leaves(Config.just(ConfigSources.classpath("application.yaml").build()));
        Set<String> shipped = leaves(Config.just(ConfigSources.file(SHIPPED).build()));
        builtIn.removeAll(shipped);
        assertThat("keys of application.yaml missing from facegate.yaml", builtIn, is(empty()));
    }

    @Test
    void everyShippedKeyIsCommented() throws IOException {
        List<String> lines = Files.readAllLines(SHIPPED);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.matches("^ +[a-z-]+: .+")) {
                assertThat("comment above '" + line.trim() + "'", lines.get(i - 1).trim().startsWith("#"), is(true));
            }
        }
    }

    @Test
    void uncommentingTheDoorExampleGivesAValidDoor(@TempDir Path dir) throws IOException {
        Path door = dir.resolve("facegate.yaml");
        Files.writeString(door, Files.readString(SHIPPED).replace("#door ", "")
                .replace("provider: none", "provider: gpiod"));
        FacegateConfig config = ConfigLoader.fromFile(door, Map.of(), MODELS);
        assertThat(config.triggers().cameras().keySet(), is(java.util.Set.of("door")));
        assertThat(config.triggers().gpio().outputs().get("strike").line(), is(17));
        assertThat(config.triggers().gpio().inputs().get("exit-button").line(), is(27));
        assertThat(config.triggers().rules().get("open-door").output(), is("strike"));
    }

    @Test
    void aMisspeltKeyInTheShippedFileIsRefused(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("facegate.yaml");
        Files.writeString(broken, Files.readString(SHIPPED).replace("tile-grid: 3", "tile-gird: 3"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromFile(broken, Map.of(), MODELS));
        assertThat(e.getMessage(), containsString("unknown key 'detector.tile-gird'"));
    }

    @Test
    void configTxtIsFirmwareSyntax() throws IOException {
        Pattern setting = Pattern.compile("[a-z_]+=[A-Za-z0-9_,=.-]+");
        Pattern gpio = Pattern.compile("gpio=\\d+(-\\d+)?=(ip|op|a[0-5])(,(pu|pd|pn|np|dh|dl))*");
        Set<String> gpios = new TreeSet<>();
        for (String line : Files.readAllLines(Tools.repo().resolve("firmware-config/config.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            assertThat(line, setting.matcher(line).matches(), is(true));
            if (line.startsWith("gpio=")) {
                assertThat(line, gpio.matcher(line).matches(), is(true));
                gpios.add(line);
            }
        }
        assertThat("the door line is driven low from boot", gpios.contains("gpio=17=op,dl,pd"), is(true));
    }

    @Test
    void udevRulesGiveTheServiceGroupGpioAndVideo() throws IOException {
        Pattern rule = Pattern.compile("(\\w+(\\{[^}]+})?(==|=|\\+=)\"[^\"]*\"(, )?)+");
        List<String> rules = Files.readAllLines(Tools.repo().resolve("firmware-config/99-facegate.rules")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        for (String line : rules) {
            assertThat(line, rule.matcher(line).matches(), is(true));
            assertThat(line, containsString("GROUP=\"facegate\""));
        }
        assertThat(String.join("\n", rules), containsString("KERNEL==\"gpiochip[0-9]*\""));
        assertThat(String.join("\n", rules), containsString("KERNEL==\"video[0-9]*\""));
    }

    @Test
    void loggingPropertiesNameClassesThatExist() throws Exception {
        java.util.Properties logging = new java.util.Properties();
        try (var in = Files.newInputStream(Tools.repo().resolve("firmware-config/logging.properties"))) {
            logging.load(in);
        }
        Class.forName(logging.getProperty("handlers"));
        Object formatter = Class.forName(logging.getProperty("java.util.logging.ConsoleHandler.formatter"))
                .getDeclaredConstructor().newInstance();
        assertThat(formatter instanceof java.util.logging.Formatter, is(true));
    }

    private static Set<String> leaves(Config config) {
        Set<String> keys = new TreeSet<>();
        config.traverse().filter(Config::isLeaf).forEach(node -> keys.add(node.key().toString()));
        return keys;
    }
}
