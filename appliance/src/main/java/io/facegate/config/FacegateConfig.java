package io.facegate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.helidon.config.Config;

/**
 * The whole, validated configuration of the appliance. Built only by {@link ConfigLoader}, which reports every
 * bad key at once.
 */
public record FacegateConfig(Server server, Models models, Detector detector, Images images, Map<String, Path> s3Buckets,
                             TriggerConfig triggers, Auth auth, Admission admission, IntegrationConfig integrations) {

    /**
     * The HTTP listener. {@code maxPayloadSize} caps what a request body may be (a 5 MB image is 7 MB in base64);
     * a client that has not sent its whole body within {@code bodyTimeout} is disconnected. {@code helidon} is the
     * same {@code server} section as Helidon's own server configuration reads it (host, port, max-payload-size).
     */
    public record Server(String host, int port, long maxPayloadSize, Duration bodyTimeout, Config helidon) {
    }

    /**
     * Where the verified models live and how ONNX Runtime runs them. The near-face detector, if any, makes one more
     * whole-image pass for faces that fill much of the frame. {@code precision} is {@code fp32} or {@code int8};
     * {@code int8Variant} picks the int8 build ({@code arm64}, {@code x86-64}) or {@code auto} for {@code os.arch}.
     * {@code attributes} loads the models behind the non-DEFAULT attributes (facemesh, iris, emotion, faceres).
     */
    public record Models(Path dir, String detector, Optional<String> nearDetector, int intraOpThreads,
                         String precision, String int8Variant, boolean attributes) {

        /** Without the attribute models ({@code models.attributes: false}). */
        public Models(Path dir, String detector, Optional<String> nearDetector, int intraOpThreads, String precision,
                      String int8Variant) {
            this(dir, detector, nearDetector, intraOpThreads, precision, int8Variant, false);
        }

        /** The manifest's {@code files} key this configuration loads: {@code fp32}, {@code int8-arm64} or {@code int8-x86-64}. */
        public String fileKey() {
            if (precision.equals("fp32")) {
                return "fp32";
            }
            return "int8-" + (int8Variant.equals("auto") ? int8VariantFor(System.getProperty("os.arch", "")) : int8Variant);
        }

        /** arm64 gets full 8-bit weights; any other CPU the 7-bit-weight build, which is safe on all of them. */
        public static String int8VariantFor(String osArch) {
            return osArch.equals("aarch64") || osArch.equals("arm64") ? "arm64" : "x86-64";
        }
    }

    /**
     * Face detection. {@code minConfidence} is a score in 0..1 (the response reports it ×100). A tile grid of n
     * adds an n×n pass of overlapping tiles to the whole-image pass for images whose longer side is at least
     * {@code tileAbovePixels}, so faces of about 40 px in a 1080p photo are still found.
     */
    public record Detector(double minConfidence, double nmsIou, int maxFaces, int tileGrid, double tileOverlap,
                           int tileAbovePixels) {
    }

    /** Limits on posted images: the smallest accepted side and the most pixels decoded (decompression bombs). */
    public record Images(int minSide, long maxPixels) {
    }

    /**
     * SigV4 verification: on whenever the listener is not loopback-only, with the access keys in
     * {@code credentialsFile} (present whenever it is on; read and checked by the {@code auth} package at start-up).
     */
    public record Auth(boolean enabled, Optional<Path> credentialsFile) {
    }

    /**
     * Admission to the detector: at most {@code maxConcurrent} inferences, {@code maxQueued} requests waiting at most
     * {@code queueTimeout}, beyond that {@code ThrottlingException}; optionally {@code keyRate} requests per second
     * per access key (bursts of {@code keyBurst}) beyond which {@code ProvisionedThroughputExceededException}
     * (0 = no limit).
     */
    public record Admission(int maxConcurrent, int maxQueued, Duration queueTimeout, double keyRate, int keyBurst) {
    }
}
