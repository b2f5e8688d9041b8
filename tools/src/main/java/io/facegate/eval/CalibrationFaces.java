package io.facegate.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.facegate.attributes.DefaultAttributes;
import io.facegate.attributes.FaceAnalyzer;
import io.facegate.attributes.Heads;
import io.facegate.attributes.Member;
import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;
import io.facegate.decode.ImageDecoder;
import io.facegate.decode.RgbImage;
import io.facegate.detect.BlazeFace;
import io.facegate.detect.Detection;
import io.facegate.detect.DetectionProfile;
import io.facegate.detect.FaceDetector;
import io.facegate.face.Face;
import io.facegate.face.LandmarkType;
import io.facegate.detect.Point;
import io.facegate.model.ModelRegistry;

/**
 * Writes {@code models-quantized/calibration-faces.json}: where the faces are in the calibration photos, so that the
 * model build can calibrate the face-crop models (facemesh, iris, emotion, faceres, gear, antispoof, liveness) on the
 * crops the service gives them without carrying a detector of its own. Per face: the detector box centre and side,
 * the eye-line angle (radians, y down) and the four eye corners of the fp32 mesh, all in image pixels rounded to
 * 0.1 so the file does not change with the last bits of a CPU's arithmetic.
 *
 * <p>Usage: {@code CalibrationFaces PHOTOS_DIR OUTPUT_JSON}, run with {@code -Dmodels.precision=fp32}
 * ({@code bin/calibration-faces}).
 */
public final class CalibrationFaces {

    /** Rekognition landmark names of the mesh's eye corners 33, 133 (subject's right eye) and 362, 263 (left eye). */
    private static final LandmarkType[] EYE_CORNERS = {LandmarkType.LEFT_EYE_LEFT, LandmarkType.LEFT_EYE_RIGHT,
            LandmarkType.RIGHT_EYE_LEFT, LandmarkType.RIGHT_EYE_RIGHT};

    private CalibrationFaces() {
    }

    public static void main(String[] args) throws Exception {
        Path photos = Path.of(args[0]);
        FacegateConfig config = ConfigLoader.load(null, Path.of("appliance/target/models"));
        if (!config.models().precision().equals("fp32")) {
            throw new IllegalStateException("run with -Dmodels.precision=fp32: calibration must not depend on an int8 build");
        }
        ImageDecoder decoder = new ImageDecoder(1, config.images().maxPixels());
        StringBuilder json = new StringBuilder("{\n  \"made by\": \"bin/calibration-faces (io.facegate.eval.CalibrationFaces)"
                + " with the service's default detector and fp32 facemesh\",\n  \"faces\": [");
        int count = 0;
        try (ModelRegistry models = ModelRegistry.load(config.models());
             Stream<Path> files = Files.list(photos)) {
            FaceDetector detector = new FaceDetector(new BlazeFace(models.detector()),
                    models.nearDetector().map(BlazeFace::new));
            DetectionProfile profile = DetectionProfile.of(config.detector());
            FaceAnalyzer analyzer = new FaceAnalyzer(models.attributeModels().orElseThrow(), Heads.load());
            for (Path photo : files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList()) {
                RgbImage image = decoder.decode(Files.readAllBytes(photo));
                for (Detection d : detector.detect(image, profile)) {
                    Face base = DefaultAttributes.of(d, image);
                    Face all = analyzer.describe(base, d, image, EnumSet.of(Member.EYES_OPEN), true);
                    Point r = d.keypoint(Detection.RIGHT_EYE);
                    Point l = d.keypoint(Detection.LEFT_EYE);
                    json.append(count++ == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
                            "    {\"photo\": \"%s\", \"centre\": [%.1f, %.1f], \"side\": %.1f, \"angle\": %.3f, \"eyeCorners\": [%s]}",
                            photo.getFileName(), d.x() + d.width() / 2, d.y() + d.height() / 2,
                            Math.max(d.width(), d.height()), Math.atan2(l.y() - r.y(), l.x() - r.x()),
                            corners(all, image)));
                }
            }
        }
        Files.writeString(Path.of(args[1]), json.append("\n  ]\n}\n"));
        System.out.println("wrote " + count + " faces to " + args[1]);
    }

    private static String corners(Face detail, RgbImage image) {
        List<String> out = new java.util.ArrayList<>();
        for (LandmarkType name : EYE_CORNERS) {
            Face.Landmark m = detail.landmarks().stream().filter(x -> x.type() == name).findFirst().orElseThrow();
            out.add(String.format(Locale.ROOT, "%.1f, %.1f", m.x() * image.width(), m.y() * image.height()));
        }
        return String.join(", ", out);
    }
}
