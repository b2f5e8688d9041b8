package io.facegate.bench;

/**
 * The service configurations the benchmark writes, all here. Everything not named keeps the service's default (as
 * {@code firmware-config/facegate.yaml} has them), so a change of a default shows in the figures.
 *
 * <p>The camera is the one place to extend when the camera keys gain options: {@link #camera} writes its keys, and env
 * {@code CAMERA_YAML} appends more (e.g. {@code CAMERA_YAML="detect-fps: 30"}) to every camera the benchmark
 * configures. reconnect-min/max only make the first connection quick (ffmpeg starts listening once the service is
 * ready); they play no part once frames flow.
 */
final class ServiceYaml {

    static final String CAMERA = "door";
    static final String OUTPUT = "door";

    private ServiceYaml() {
    }

    /** No camera: the service as installed, on {@code port}. */
    static String plain(int port) {
        return "server: {port: %d}\n".formatted(port);
    }

    /**
     * One http camera on {@code streamUrl}, a pulse output on gpio provider none (it logs and reports its changes on
     * /events; no hardware) and a rule without conditions: any face fires it. The pulse is short (300 ms) and the
     * cool-down 0 s, so the output is idle again long before the next face onset of the benchmark's stream.
     */
    static String door(int port, String streamUrl, String extraCameraKeys) {
        return plain(port) + """
                cameras:
                  %s: {%s}
                gpio:
                  provider: none
                  outputs:
                    %s: {line: 17, mode: pulse, pulse: 300ms, cool-down: 0s, max-on: 1s}
                rules:
                  open: {camera: %s, output: %s}
                """.formatted(CAMERA, camera(streamUrl, extraCameraKeys), OUTPUT, CAMERA, OUTPUT);
    }

    /** The camera's keys as a YAML flow mapping body. */
    static String camera(String streamUrl, String extraCameraKeys) {
        String keys = "source: http, url: \"" + streamUrl + "\", reconnect-min: 100ms, reconnect-max: 200ms";
        return extraCameraKeys.isBlank() ? keys : keys + ", " + extraCameraKeys.trim();
    }
}
