package io.facegate.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.facegate.attributes.FaceAnalyzer;
import io.facegate.attributes.Heads;
import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;
import io.facegate.decode.ImageDecoder;
import io.facegate.decode.RgbImage;
import io.facegate.detect.BlazeFace;
import io.facegate.detect.Detection;
import io.facegate.detect.DetectionProfile;
import io.facegate.detect.FaceDetector;
import io.facegate.model.ModelRegistry;

/**
 * What every evaluation tool needs: the labelled folder, its {@code boxes.tsv} rows grouped by image, and the
 * service's detector built from the service's configuration ({@code FOLDER [--config FILE]}, system properties
 * override as for the service). Owns the models.
 */
final class EvalRun implements AutoCloseable {

    private final Path folder;
    private final FacegateConfig config;
    private final List<String> header;
    private final Map<String, List<String[]>> rowsByImage;
    private final ImageDecoder decoder;
    private final ModelRegistry models;
    private final FaceDetector detector;
    private final DetectionProfile profile;
    private final Optional<FaceAnalyzer> analyzer;

    private EvalRun(Path folder, FacegateConfig config, List<String> header, Map<String, List<String[]>> rowsByImage) {
        this.folder = folder;
        this.config = config;
        this.header = header;
        this.rowsByImage = rowsByImage;
        this.decoder = new ImageDecoder(1, config.images().maxPixels());
        this.models = ModelRegistry.load(config.models());
        this.detector = new FaceDetector(new BlazeFace(models.detector()), models.nearDetector().map(BlazeFace::new));
        this.profile = DetectionProfile.of(config.detector());
        this.analyzer = models.attributeModels().map(m -> new FaceAnalyzer(m, Heads.load()));
    }

    /** The run for a command line, with the models the build lays out beside the jar. */
    static Optional<EvalRun> open(String[] args) throws IOException {
        return open(args, Path.of("appliance/target/models"));
    }

    /** The run for {@code args}, or empty (after saying so) when the folder has no {@code boxes.tsv}. */
    static Optional<EvalRun> open(String[] args, Path defaultModelsDir) throws IOException {
        Path folder = Path.of(args[0]);
        Path boxes = folder.resolve("boxes.tsv");
        if (!Files.isRegularFile(boxes)) {
            System.out.println("skipped: no " + boxes + " (evaluation data is not present on this machine)");
            return Optional.empty();
        }
        Path configFile = args.length >= 3 && args[1].equals("--config") ? Path.of(args[2]) : null;
        FacegateConfig config = ConfigLoader.load(configFile, defaultModelsDir);
        List<String> lines = Files.readAllLines(boxes);
        List<String> header = List.of(lines.getFirst().split("\t"));
        Map<String, List<String[]>> rows = new LinkedHashMap<>();
        int path = header.indexOf("image_relative_path");
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                String[] row = line.split("\t");
                rows.computeIfAbsent(row[path], k -> new java.util.ArrayList<>()).add(row);
            }
        }
        return Optional.of(new EvalRun(folder, config, header, rows));
    }

    Path folder() {
        return folder;
    }

    FacegateConfig config() {
        return config;
    }

    /** The faces the service would return for {@code image} (detection only). */
    List<Detection> detect(RgbImage image) {
        return detector.detect(image, profile);
    }

    /** Every candidate face down to the candidate floor, for threshold sweeps. */
    List<Detection> detectAll(RgbImage image) {
        return detector.detectAll(image, profile);
    }

    /** The ALL-attributes analyzer, when the configuration loads the attribute models. */
    Optional<FaceAnalyzer> analyzer() {
        return analyzer;
    }

    Map<String, List<String[]>> rowsByImage() {
        return rowsByImage;
    }

    RgbImage image(String relativePath) throws Exception {
        return decoder.decode(Files.readAllBytes(folder.resolve(relativePath)));
    }

    String text(String[] row, String column) {
        int index = header.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException("boxes.tsv has no column " + column);
        }
        return row[index];
    }

    double number(String[] row, String column) {
        return Double.parseDouble(text(row, column));
    }

    @Override
    public void close() {
        models.close();
    }
}
