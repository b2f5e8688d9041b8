package io.facegate.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.facegate.board.Tools;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Every key is declared once ({@link Keys}) and its default lives once: the fixed keys' in {@code application.yaml},
 * the named keys' in their declaration. The key table of {@code docs/configuration.md} is generated from both; run
 * with {@code -Dfacegate.docs.write=true} to rewrite it after changing a key.
 */
class ConfigReferenceTest {

    private static final Path DOC = Tools.repo().resolve("docs/configuration.md");
    private static final String BEGIN = "<!-- config-keys:begin -->\n";
    private static final String END = "<!-- config-keys:end -->";
    private static final Config DEFAULTS = Config.just(ConfigSources.classpath("application.yaml").build());

    @Test
    void applicationYamlHoldsADefaultForEveryRequiredFixedKeyAndNoUndeclaredKey() {
        Set<String> inYaml = DEFAULTS.traverse().filter(Config::isLeaf).map(n -> n.key().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> fixed = Keys.ALL.stream().filter(k -> !k.isNamed()).map(ConfigKey::name)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> required = Keys.ALL.stream().filter(k -> !k.isNamed() && !k.optional()).map(ConfigKey::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat("undeclared keys in application.yaml", difference(inYaml, fixed), is(Set.of()));
        assertThat("required keys without a default in application.yaml", difference(required, inYaml), is(Set.of()));
    }

    @Test
    void everyDefaultIsAValueOfItsType() {
        for (ConfigKey<?> key : Keys.ALL) {
            defaultValue(key).ifPresent(d -> key.type().parse(d));
        }
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    @Test
    void theDocumentedTableIsGeneratedFromTheDeclarations() throws IOException {
        String doc = Files.readString(DOC);
        int begin = doc.indexOf(BEGIN) + BEGIN.length();
        int end = doc.indexOf(END);
        String generated = table();
        if (Boolean.getBoolean("facegate.docs.write")) {
            Files.writeString(DOC, doc.substring(0, begin) + generated + doc.substring(end));
            doc = Files.readString(DOC);
            end = doc.indexOf(END);
        }
        assertThat("docs/configuration.md is stale: run this test with -Dfacegate.docs.write=true",
                doc.substring(begin, end), is(generated));
    }

    static String table() {
        StringBuilder out = new StringBuilder("| key | default | accepts | meaning |\n|---|---|---|---|\n");
        for (ConfigKey<?> key : Keys.ALL) {
            out.append("| `").append(key.name()).append("` | ")
                    .append(defaultValue(key).map(d -> "`" + d + "`").orElse(key.optional() ? "not set" : "required"))
                    .append(" | ").append(key.type().expected()).append(" | ").append(key.description()).append(" |\n");
        }
        out.append("\nDeprecated keys, still read with a warning: ");
        out.append(Keys.DEPRECATED.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> "`" + e.getKey() + "` (now `" + e.getValue().replacement() + "`"
                        + (e.getValue().millis() ? ", a duration" : "") + ")")
                .collect(Collectors.joining(", "))).append(".\n");
        return out.toString();
    }

    private static java.util.Optional<String> defaultValue(ConfigKey<?> key) {
        return key.isNamed() ? key.declaredDefault() : DEFAULTS.get(key.name()).asString().asOptional();
    }
}
