package io.facegate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * The rooms of the appliance and the one direction their dependencies point: each package may use only the
 * packages of the rows above its own, never a sibling in its row, never one below, never {@code Main}.
 */
class ArchitectureTest {

    /** Lowest first. */
    static final List<List<String>> LAYERS = List.of(
            List.of("config", "observe", "face"),
            List.of("decode", "auth", "admission"),
            List.of("preprocess"),
            List.of("model"),
            List.of("detect"),
            List.of("attributes"),
            List.of("pipeline"),
            List.of("gpio"),
            List.of("camera"),
            List.of("trigger"),
            List.of("api"),
            List.of("ui", "mqtt", "webhook"),
            List.of("ops"));

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.facegate");

    @Test
    void dependenciesPointDown() {
        for (int row = 0; row < LAYERS.size(); row++) {
            for (String room : LAYERS.get(row)) {
                List<String> forbidden = new ArrayList<>(List.of("io.facegate"));
                for (int other = row; other < LAYERS.size(); other++) {
                    LAYERS.get(other).stream().filter(p -> !p.equals(room)).map(p -> "io.facegate." + p + "..")
                            .forEach(forbidden::add);
                }
                noClasses().that().resideInAPackage("io.facegate." + room + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                        .because(room + " may use only the rooms below it: " + LAYERS.subList(0, row))
                        .check(CLASSES);
            }
        }
    }

    @Test
    void onlyTheModelRoomTouchesOnnxRuntimeAndOnlyGpioTouchesPi4j() {
        noClasses().that().resideOutsideOfPackage("io.facegate.model..")
                .should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..").check(CLASSES);
        noClasses().that().resideOutsideOfPackage("io.facegate.gpio..")
                .should().dependOnClassesThat().resideInAPackage("com.pi4j..").check(CLASSES);
    }

    @Test
    void everyRoomIsPlacedAndSaysWhatItIsFor() throws IOException {
        Path main = Path.of("src/main/java/io/facegate");
        Set<String> rooms = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(main)) {
            dirs.filter(Files::isDirectory).forEach(d -> rooms.add(d.getFileName().toString()));
        }
        Set<String> placed = new TreeSet<>();
        LAYERS.forEach(placed::addAll);
        assertThat("packages missing from LAYERS", difference(rooms, placed), is(Set.of()));
        List<String> undocumented = new ArrayList<>();
        for (String room : rooms) {
            if (!Files.isRegularFile(main.resolve(room).resolve("package-info.java"))) {
                undocumented.add(room);
            }
        }
        if (!Files.isRegularFile(main.resolve("package-info.java"))) {
            undocumented.add("io.facegate");
        }
        assertThat("packages without a package-info.java", undocumented, is(empty()));
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
