package io.facegate.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.facegate.config.ConfigKey.named;
import static io.facegate.config.ConfigKey.namedRequired;
import static io.facegate.config.ConfigKey.of;
import static io.facegate.config.ConfigKey.optional;
import static io.facegate.config.ValueType.autoOr;
import static io.facegate.config.ValueType.bool;
import static io.facegate.config.ValueType.choice;
import static io.facegate.config.ValueType.decimal;
import static io.facegate.config.ValueType.duration;
import static io.facegate.config.ValueType.integer;
import static io.facegate.config.ValueType.longInteger;
import static io.facegate.config.ValueType.oneOf;
import static io.facegate.config.ValueType.path;
import static io.facegate.config.ValueType.text;

/**
 * Every key facegate reads, each declared once. Defaults of the fixed keys are in {@code application.yaml}; the key
 * table in {@code docs/configuration.md} is generated from this class and that file (a test keeps them equal).
 */
public final class Keys {

    private static final Duration MS = Duration.ofMillis(1);
    private static final Duration HOUR = Duration.ofHours(1);

    public static final ConfigKey<String> SERVER_HOST = of("server.host", text(),
            "listener address; beyond loopback SigV4 is required");
    public static final ConfigKey<Integer> SERVER_PORT = of("server.port", integer(0, 65535),
            "listener port; 0 picks a free one");
    public static final ConfigKey<Long> SERVER_MAX_PAYLOAD_SIZE = of("server.max-payload-size",
            longInteger(1024, Integer.MAX_VALUE),
            "largest request body in bytes (Helidon's key); a 5 MB image is 6,990,508 base64 characters");
    public static final ConfigKey<Duration> SERVER_BODY_TIMEOUT = of("server.body-timeout",
            duration(Duration.ofMillis(100), HOUR), "a client that has not sent its whole body by then is disconnected");

    public static final ConfigKey<Path> MODELS_DIR = optional("models.dir", path(),
            "verified models, one folder each with manifest.json; default: models/ beside facegate.jar");
    public static final ConfigKey<String> MODELS_DETECTOR = of("models.detector", text(),
            "detector for the whole image and its tiles (a folder under models.dir)");
    public static final ConfigKey<String> MODELS_NEAR_DETECTOR = optional("models.near-detector", text(),
            "one more whole-image pass for near faces; empty turns it off");
    public static final ConfigKey<Integer> MODELS_INTRA_OP_THREADS = of("models.intra-op-threads", integer(0, 64),
            "ONNX Runtime threads per inference (0: one per core); requests run in parallel");
    public static final ConfigKey<String> MODELS_PRECISION = of("models.precision", oneOf("int8", "fp32"),
            "which file of each model's manifest is loaded");
    public static final ConfigKey<String> MODELS_INT8_VARIANT = of("models.int8-variant",
            oneOf("auto", "arm64", "x86-64"), "int8 build: auto picks arm64 on aarch64, else x86-64");
    public static final ConfigKey<Boolean> MODELS_ATTRIBUTES = of("models.attributes", bool(),
            "load the attribute models (facemesh, iris, emotion, faceres); false refuses non-DEFAULT attributes");

    public static final ConfigKey<Double> DETECTOR_MIN_CONFIDENCE = of("detector.min-confidence", decimal(0, 1),
            "score threshold for a face to be returned");
    public static final ConfigKey<Double> DETECTOR_NMS_IOU = of("detector.nms-iou", decimal(0.05, 0.95),
            "overlap above which weighted NMS merges two detections");
    public static final ConfigKey<Integer> DETECTOR_MAX_FACES = of("detector.max-faces", integer(1, 100),
            "the largest faces are kept, as Rekognition");
    public static final ConfigKey<Integer> DETECTOR_TILE_GRID = of("detector.tile-grid", integer(0, 4),
            "n×n overlapping tiles besides the whole image (0 or 1: none)");
    public static final ConfigKey<Double> DETECTOR_TILE_OVERLAP = of("detector.tile-overlap", decimal(0, 0.5),
            "fraction of the image side neighbouring tiles share");
    public static final ConfigKey<Integer> DETECTOR_TILE_ABOVE_PIXELS = of("detector.tile-above-pixels",
            integer(1, 100_000), "tile only images whose longer side is at least this");

    public static final ConfigKey<Integer> IMAGES_MIN_SIDE = of("images.min-side", integer(1, 10_000),
            "smallest accepted width and height (Rekognition: 80)");
    public static final ConfigKey<Long> IMAGES_MAX_PIXELS = of("images.max-pixels",
            longInteger(6_400, Integer.MAX_VALUE), "decoded pixels at most, checked from the header before decoding");

    public static final ConfigKey<Path> S3_BUCKET = namedRequired("s3.buckets.<name>", path(),
            "local folder serving S3Object requests for bucket <name>");

    public static final ConfigKey<String> AUTH_ENABLED = of("auth.enabled", oneOf("auto", "true", "false"),
            "SigV4: auto is on beyond loopback or with a credentials file; false is refused beyond loopback");
    public static final ConfigKey<Path> AUTH_CREDENTIALS_FILE = optional("auth.credentials-file", path(),
            "'access-key-id secret actions' per line, chmod 600; required when SigV4 is on");

    public static final ConfigKey<Optional<Integer>> ADMISSION_MAX_CONCURRENT = of("admission.max-concurrent",
            autoOr(integer(1, 256)), "inferences at once; auto: cores ÷ models.intra-op-threads");
    public static final ConfigKey<Optional<Integer>> ADMISSION_MAX_QUEUED = of("admission.max-queued",
            autoOr(integer(0, 10_000)), "requests waiting for a slot; auto: as many as max-concurrent");
    public static final ConfigKey<Duration> ADMISSION_QUEUE_TIMEOUT = of("admission.queue-timeout",
            duration(Duration.ZERO, Duration.ofMinutes(10)), "longest wait for a slot, then ThrottlingException");
    public static final ConfigKey<Double> ADMISSION_KEY_RATE = of("admission.key-rate", decimal(0, 100_000),
            "requests per second per access key (0: no limit), then ProvisionedThroughputExceededException");
    public static final ConfigKey<Integer> ADMISSION_KEY_BURST = of("admission.key-burst", integer(1, 100_000),
            "requests a key may send at once before key-rate applies");

    public static final ConfigKey<TriggerConfig.Gpio.Provider> GPIO_PROVIDER = of("gpio.provider",
            choice(TriggerConfig.Gpio.Provider.class), "gpiod on the board; none only logs what it would drive");
    public static final ConfigKey<String> GPIO_CHIP = optional("gpio.chip", text(),
            "chip label (pinctrl-rp1 on a Pi 5) or device name (gpiochip0); default: Pi4J's first");

    public static final ConfigKey<TriggerConfig.SourceKind> CAMERA_SOURCE = namedRequired("cameras.<name>.source",
            choice(TriggerConfig.SourceKind.class), "where frames come from");
    public static final ConfigKey<URI> CAMERA_URL = optional("cameras.<name>.url", ValueType.httpUrl(),
            "MJPEG stream of an http camera (multipart/x-mixed-replace)");
    public static final ConfigKey<String> CAMERA_COMMAND = optional("cameras.<name>.command", text(),
            "command of a process camera writing MJPEG to stdout, as a list or one line");
    public static final ConfigKey<Path> CAMERA_FOLDER = optional("cameras.<name>.folder", path(),
            "folder of a folder camera; each new JPEG is one frame");
    public static final ConfigKey<Duration> CAMERA_POLL = named("cameras.<name>.poll",
            duration(Duration.ofMillis(10), Duration.ofMinutes(1)), "200ms", "how often a folder camera looks");
    public static final ConfigKey<Double> CAMERA_DETECT_FPS = named("cameras.<name>.detect-fps", decimal(0.01, 100),
            "5", "detections per second at most");
    public static final ConfigKey<TriggerConfig.Box> CAMERA_REGION = optional("cameras.<name>.region",
            ValueType.box(), "left,top,width,height: the only part of the frame searched");
    public static final ConfigKey<Path> CAMERA_SNAPSHOT_DIR = optional("cameras.<name>.snapshot-dir", path(),
            "folder receiving the frame of every detection that fired a rule (off when absent)");
    public static final ConfigKey<Duration> CAMERA_RECONNECT_MIN = named("cameras.<name>.reconnect-min",
            duration(MS, HOUR), "500ms", "first wait before reconnecting; doubles up to reconnect-max");
    public static final ConfigKey<Duration> CAMERA_RECONNECT_MAX = named("cameras.<name>.reconnect-max",
            duration(MS, HOUR), "30s", "longest wait between reconnects");
    public static final ConfigKey<Duration> CAMERA_STALL_TIMEOUT = named("cameras.<name>.stall-timeout",
            duration(Duration.ofMillis(100), HOUR), "10s", "a stream without a frame for this long is reconnected");

    public static final ConfigKey<Duration> CAMERA_LOST_AFTER = named("cameras.<name>.lost-after",
            duration(Duration.ofMillis(100), HOUR), "10s",
            "reconnecting this long, the camera is lost: its rules' outputs go idle (see rules.<name>.on-camera-lost)");

    public static final ConfigKey<Integer> OUTPUT_LINE = namedRequired("gpio.outputs.<name>.line", integer(0, 1023),
            "GPIO line (BCM number on a Pi)");
    public static final ConfigKey<TriggerConfig.OutputMode> OUTPUT_MODE = named("gpio.outputs.<name>.mode",
            choice(TriggerConfig.OutputMode.class), "pulse", "pulse: active for pulse; level: active while wanted + hold");
    public static final ConfigKey<Duration> OUTPUT_PULSE = named("gpio.outputs.<name>.pulse",
            duration(Duration.ZERO, HOUR), "2s", "how long a pulse lasts (above 0, at most max-on)");
    public static final ConfigKey<Duration> OUTPUT_HOLD = named("gpio.outputs.<name>.hold",
            duration(Duration.ZERO, HOUR), "5s", "how long a level output stays active after its rule last matched");
    public static final ConfigKey<Boolean> OUTPUT_ACTIVE_LOW = named("gpio.outputs.<name>.active-low", bool(),
            "false", "active drives the line low (relay boards that switch on low)");
    public static final ConfigKey<Duration> OUTPUT_COOL_DOWN = named("gpio.outputs.<name>.cool-down",
            duration(Duration.ZERO, HOUR), "2s", "after going idle, no new activation for this long");
    public static final ConfigKey<String> OUTPUT_INITIAL = named("gpio.outputs.<name>.initial",
            ValueType.of("idle or active", s -> s.equals("idle") || s.equals("active") ? s : null), "idle",
            "state when the line is claimed at start-up");
    public static final ConfigKey<String> OUTPUT_SHUTDOWN = named("gpio.outputs.<name>.shutdown",
            ValueType.of("idle or active", s -> s.equals("idle") || s.equals("active") ? s : null), "idle",
            "state the line is driven to on shutdown");
    public static final ConfigKey<Duration> OUTPUT_MAX_ON = named("gpio.outputs.<name>.max-on",
            duration(MS, HOUR), "10s", "safety cap: no activation lasts longer, whatever keeps asking");

    public static final ConfigKey<Integer> INPUT_LINE = namedRequired("gpio.inputs.<name>.line", integer(0, 1023),
            "GPIO line (BCM number on a Pi)");
    public static final ConfigKey<TriggerConfig.Pull> INPUT_PULL = named("gpio.inputs.<name>.pull",
            choice(TriggerConfig.Pull.class), "off", "bias resistor");
    public static final ConfigKey<Boolean> INPUT_ACTIVE_LOW = named("gpio.inputs.<name>.active-low", bool(), "false",
            "the input is active when the line is low (button to ground)");
    public static final ConfigKey<Duration> INPUT_DEBOUNCE = named("gpio.inputs.<name>.debounce",
            duration(Duration.ZERO, Duration.ofSeconds(10)), "50ms", "changes shorter than this are ignored");
    public static final ConfigKey<String> INPUT_CAMERA = optional("gpio.inputs.<name>.camera", text(),
            "camera that detects at once when the input goes active (absent or any: every camera)");

    public static final ConfigKey<String> RULE_CAMERA = optional("rules.<name>.camera", text(),
            "camera whose detections the rule reads (absent or any: every camera)");
    public static final ConfigKey<Integer> RULE_MIN_FACES = named("rules.<name>.min-faces", integer(1, 100), "1",
            "faces that must pass every condition at once");
    public static final ConfigKey<Double> RULE_MIN_CONFIDENCE = named("rules.<name>.min-confidence", decimal(0, 1),
            "0", "detector score a face needs, 0..1");
    public static final ConfigKey<TriggerConfig.FaceSize> RULE_MIN_FACE_SIZE = named("rules.<name>.min-face-size",
            ValueType.faceSize(), "0", "face height a face needs: a fraction of the frame height or pixels (80px)");
    public static final ConfigKey<TriggerConfig.Box> RULE_REGION = named("rules.<name>.region", ValueType.box(),
            "0,0,1,1", "the face's centre must be inside this part of the frame");
    public static final ConfigKey<TriggerConfig.TimeWindow> RULE_WINDOW = optional("rules.<name>.window",
            ValueType.timeWindow(), "local time of day the rule is on (absent: always)");
    public static final ConfigKey<String> RULE_OUTPUT = namedRequired("rules.<name>.output", text(),
            "the gpio.outputs.<name> the rule drives");
    public static final ConfigKey<String> RULE_ON_CAMERA_LOST = named("rules.<name>.on-camera-lost",
            oneOf("idle", "keep"), "idle", "when the rule's camera is lost: drive the output idle at once, or keep it");

    public static final ConfigKey<Boolean> UI_PREVIEW = of("ui.preview", bool(),
            "the status page shows a downscaled JPEG of each camera's last examined frame (memory only)");
    public static final ConfigKey<Integer> UI_PREVIEW_WIDTH = of("ui.preview-width", integer(80, 1920),
            "width in pixels of the preview JPEG (never wider than the frame)");
    public static final ConfigKey<Duration> UI_SESSION_TTL = of("ui.session-ttl",
            duration(Duration.ofMinutes(1), Duration.ofDays(30)),
            "how long a browser session opened with an access key lasts (SigV4 on)");

    public static final ConfigKey<URI> MQTT_URL = optional("mqtt.url", ValueType.mqttUrl(),
            "broker: tcp://host:1883 or ssl://host:8883; absent: no MQTT");
    public static final ConfigKey<String> MQTT_USERNAME = optional("mqtt.username", text(),
            "user name at the broker");
    public static final ConfigKey<Path> MQTT_PASSWORD_FILE = optional("mqtt.password-file", path(),
            "file holding the broker password (chmod 600)");
    public static final ConfigKey<Path> MQTT_CA_CERTIFICATE = optional("mqtt.ca-certificate", path(),
            "PEM certificate(s) trusted for ssl:// (default: the JDK's trust store)");
    public static final ConfigKey<Path> MQTT_CLIENT_CERTIFICATE = optional("mqtt.client-certificate", path(),
            "PEM certificate chain presented to the broker (with client-key)");
    public static final ConfigKey<Path> MQTT_CLIENT_KEY = optional("mqtt.client-key", path(),
            "PEM PKCS#8 private key of client-certificate (chmod 600)");
    public static final ConfigKey<String> MQTT_TOPIC_PREFIX = of("mqtt.topic-prefix", ValueType.topicPrefix(),
            "first levels of every topic; give each box of a fleet its own");
    public static final ConfigKey<String> MQTT_CLIENT_ID = optional("mqtt.client-id", ValueType.topicLevel(),
            "MQTT client id, also the Home Assistant device id; default: the host name");
    public static final ConfigKey<Double> MQTT_MAX_RATE = of("mqtt.max-rate", decimal(0.01, 100),
            "faces messages per second per camera at most (each sent on a change)");
    public static final ConfigKey<Boolean> MQTT_DISCOVERY = of("mqtt.discovery", bool(),
            "publish Home Assistant discovery configs (retained)");
    public static final ConfigKey<String> MQTT_DISCOVERY_PREFIX = of("mqtt.discovery-prefix",
            ValueType.topicPrefix(), "Home Assistant's discovery prefix");
    public static final ConfigKey<Boolean> MQTT_COMMANDS = of("mqtt.commands", bool(),
            "accept a pulse request per output (<prefix>/output/<name>/pulse) and offer a button for it");
    public static final ConfigKey<Duration> MQTT_RECONNECT_MIN = of("mqtt.reconnect-min", duration(MS, HOUR),
            "first wait before reconnecting to the broker; doubles up to reconnect-max");
    public static final ConfigKey<Duration> MQTT_RECONNECT_MAX = of("mqtt.reconnect-max", duration(MS, HOUR),
            "longest wait between reconnects");

    public static final ConfigKey<URI> WEBHOOK_URL = namedRequired("webhooks.<name>.url", ValueType.httpUrl(),
            "receives every event as a JSON POST");
    public static final ConfigKey<Path> WEBHOOK_SECRET_FILE = namedRequired("webhooks.<name>.secret-file", path(),
            "file holding the HMAC-SHA256 key the X-Facegate-Signature header is made with (chmod 600)");
    public static final ConfigKey<List<String>> WEBHOOK_EVENTS = named("webhooks.<name>.events",
            ValueType.eventTypes(), "all", "event types sent, comma-separated (camera-state, face-detected, "
                    + "rule-fired, output-changed, command) or all");
    public static final ConfigKey<Integer> WEBHOOK_QUEUE = named("webhooks.<name>.queue", integer(1, 10_000), "100",
            "events waiting to be sent at most; beyond it the oldest is dropped, counted and logged");
    public static final ConfigKey<Integer> WEBHOOK_RETRIES = named("webhooks.<name>.retries", integer(0, 20), "5",
            "further attempts after a failed one (no answer, or not 2xx)");
    public static final ConfigKey<Duration> WEBHOOK_BACKOFF = named("webhooks.<name>.backoff", duration(MS, HOUR),
            "1s", "wait before the first retry; doubles per retry up to backoff-max");
    public static final ConfigKey<Duration> WEBHOOK_BACKOFF_MAX = named("webhooks.<name>.backoff-max",
            duration(MS, HOUR), "1m", "longest wait between retries");
    public static final ConfigKey<Duration> WEBHOOK_TIMEOUT = named("webhooks.<name>.timeout",
            duration(Duration.ofMillis(100), Duration.ofMinutes(5)), "5s", "connect and answer time per attempt");

    /** Every key, in the order of the documentation. */
    public static final List<ConfigKey<?>> ALL = List.of(
            SERVER_HOST, SERVER_PORT, SERVER_MAX_PAYLOAD_SIZE, SERVER_BODY_TIMEOUT,
            MODELS_DIR, MODELS_DETECTOR, MODELS_NEAR_DETECTOR, MODELS_INTRA_OP_THREADS, MODELS_PRECISION,
            MODELS_INT8_VARIANT, MODELS_ATTRIBUTES,
            DETECTOR_MIN_CONFIDENCE, DETECTOR_NMS_IOU, DETECTOR_MAX_FACES, DETECTOR_TILE_GRID, DETECTOR_TILE_OVERLAP,
            DETECTOR_TILE_ABOVE_PIXELS,
            IMAGES_MIN_SIDE, IMAGES_MAX_PIXELS, S3_BUCKET, AUTH_ENABLED, AUTH_CREDENTIALS_FILE,
            ADMISSION_MAX_CONCURRENT, ADMISSION_MAX_QUEUED, ADMISSION_QUEUE_TIMEOUT, ADMISSION_KEY_RATE,
            ADMISSION_KEY_BURST,
            CAMERA_SOURCE, CAMERA_URL, CAMERA_COMMAND, CAMERA_FOLDER, CAMERA_POLL, CAMERA_DETECT_FPS, CAMERA_REGION,
            CAMERA_SNAPSHOT_DIR, CAMERA_RECONNECT_MIN, CAMERA_RECONNECT_MAX, CAMERA_STALL_TIMEOUT, CAMERA_LOST_AFTER,
            GPIO_PROVIDER, GPIO_CHIP,
            OUTPUT_LINE, OUTPUT_MODE, OUTPUT_PULSE, OUTPUT_HOLD, OUTPUT_ACTIVE_LOW, OUTPUT_COOL_DOWN, OUTPUT_INITIAL,
            OUTPUT_SHUTDOWN, OUTPUT_MAX_ON,
            INPUT_LINE, INPUT_PULL, INPUT_ACTIVE_LOW, INPUT_DEBOUNCE, INPUT_CAMERA,
            RULE_CAMERA, RULE_MIN_FACES, RULE_MIN_CONFIDENCE, RULE_MIN_FACE_SIZE, RULE_REGION, RULE_WINDOW,
            RULE_OUTPUT, RULE_ON_CAMERA_LOST,
            UI_PREVIEW, UI_PREVIEW_WIDTH, UI_SESSION_TTL,
            MQTT_URL, MQTT_USERNAME, MQTT_PASSWORD_FILE, MQTT_CA_CERTIFICATE, MQTT_CLIENT_CERTIFICATE, MQTT_CLIENT_KEY,
            MQTT_TOPIC_PREFIX, MQTT_CLIENT_ID, MQTT_MAX_RATE, MQTT_DISCOVERY, MQTT_DISCOVERY_PREFIX, MQTT_COMMANDS,
            MQTT_RECONNECT_MIN, MQTT_RECONNECT_MAX,
            WEBHOOK_URL, WEBHOOK_SECRET_FILE, WEBHOOK_EVENTS, WEBHOOK_QUEUE, WEBHOOK_RETRIES, WEBHOOK_BACKOFF,
            WEBHOOK_BACKOFF_MAX, WEBHOOK_TIMEOUT);

    /**
     * Old keys still read, with a warning: each maps to its new key, with the value rewritten (milliseconds as a
     * bare number become a duration).
     */
    public static final Map<String, Alias> DEPRECATED = Map.of(
            "server.max-request-bytes", new Alias(SERVER_MAX_PAYLOAD_SIZE.name(), false),
            "server.body-timeout-ms", new Alias(SERVER_BODY_TIMEOUT.name(), true),
            "admission.queue-timeout-ms", new Alias(ADMISSION_QUEUE_TIMEOUT.name(), true));

    /** A deprecated key: the key that replaces it, and whether its value is a bare number of milliseconds. */
    public record Alias(String replacement, boolean millis) {

        public String convert(String value) {
            return millis ? value.trim() + "ms" : value;
        }
    }

    private Keys() {
    }
}
