package io.facegate.pipeline;

import java.util.List;
import java.util.Optional;

import io.facegate.attributes.DefaultAttributes;
import io.facegate.attributes.FaceAnalyzer;
import io.facegate.attributes.Heads;
import io.facegate.config.FacegateConfig;
import io.facegate.decode.ImageDecoder;
import io.facegate.decode.ImageRejectedException;
import io.facegate.decode.RgbImage;
import io.facegate.detect.BlazeFace;
import io.facegate.detect.Detection;
import io.facegate.detect.DetectionProfile;
import io.facegate.detect.FaceDetector;
import io.facegate.face.Face;
import io.facegate.model.ModelRegistry;
import io.facegate.preprocess.Region;

/**
 * Decode → detect → attributes, for posted images and camera frames alike. Holds no state between calls and is
 * safe to call from many threads; the caller bounds how many run at once (admission).
 */
public final class FacePipeline {

    private final ImageDecoder decoder;
    private final FaceDetector detector;
    private final Optional<FaceAnalyzer> analyzer;

    /** With {@code analyzer} empty when the attribute models are not loaded ({@code models.attributes: false}). */
    public FacePipeline(ImageDecoder decoder, FaceDetector detector, Optional<FaceAnalyzer> analyzer) {
        this.decoder = decoder;
        this.detector = detector;
        this.analyzer = analyzer;
    }

    /** The pipeline over the loaded models, with the image limits of {@code images.*}. */
    public static FacePipeline create(FacegateConfig config, ModelRegistry models) {
        return new FacePipeline(new ImageDecoder(config.images().minSide(), config.images().maxPixels()),
                new FaceDetector(new BlazeFace(models.detector()), models.nearDetector().map(BlazeFace::new)),
                models.attributeModels().map(m -> new FaceAnalyzer(m, Heads.load())));
    }

    /** One detection on a small grey image: the health probe's proof that inference still answers. */
    public Runnable probe(DetectionProfile profile) {
        int side = 96;
        int[] grey = new int[side * side];
        java.util.Arrays.fill(grey, 0x808080);
        RgbImage image = new RgbImage(side, side, grey);
        FaceRequest request = FaceRequest.facesOnly(profile);
        return () -> run(image, request);
    }

    /** Whether requests for attributes beyond the basic ones can be answered. */
    public boolean describesAttributes() {
        return analyzer.isPresent();
    }

    /** PNG or JPEG bytes to upright pixels, refused with the reason when the image is not acceptable. */
    public RgbImage decode(byte[] encoded) throws ImageRejectedException {
        return decoder.decode(encoded);
    }

    /**
     * The faces of {@code image} the request asks for.
     *
     * @throws IllegalStateException when attributes are asked for but not loaded (check {@link #describesAttributes})
     */
    public FaceResult run(RgbImage image, FaceRequest request) {
        if (request.wantsAttributes() && analyzer.isEmpty()) {
            throw new IllegalStateException("attributes asked for, but the attribute models are not loaded");
        }
        long start = System.nanoTime();
        List<Detection> detections = detector.detect(image, area(image, request), request.detection());
        long detected = System.nanoTime();
        List<Face> faces = detections.stream().map(d -> describe(d, image, request)).toList();
        return new FaceResult(image.width(), image.height(), faces, detected - start, System.nanoTime() - detected);
    }

    private Face describe(Detection d, RgbImage image, FaceRequest request) {
        Face face = DefaultAttributes.of(d, image);
        return request.wantsAttributes()
                ? analyzer.orElseThrow().describe(face, d, image, request.members(), request.allLandmarks())
                : face;
    }

    /** The request's region in pixels, at least one pixel inside the image. */
    private static Region area(RgbImage image, FaceRequest request) {
        if (request.region().isEmpty()) {
            return Region.whole(image.width(), image.height());
        }
        Face.Box r = request.region().get();
        double x = Math.max(0, Math.min(image.width() - 1, r.left() * image.width()));
        double y = Math.max(0, Math.min(image.height() - 1, r.top() * image.height()));
        double w = Math.max(1, Math.min(image.width() - x, r.width() * image.width()));
        double h = Math.max(1, Math.min(image.height() - y, r.height() * image.height()));
        return new Region(x, y, w, h);
    }
}
