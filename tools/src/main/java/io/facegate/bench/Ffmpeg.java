package io.facegate.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real ffmpeg serving MJPEG over HTTP as the camera tests do: {@code -f mpjpeg -listen 1} on
 * {@code http://127.0.0.1:PORT/stream.mjpg}, in real time ({@code -re}) at the given rate, JPEG quality
 * {@code -q:v 5}, one client; it exits when the input ends or the client leaves. Its pacing clock starts when the
 * client connects (the output is opened, waiting for the client, before the first frame is read).
 */
final class Ffmpeg {

    private Ffmpeg() {
    }

    /** The numbered frames of {@code sequence} once each, {@code fps} a second. */
    static Process serveSequence(Path sequence, int fps, int port, Path log) {
        return serve(List.of("-framerate", String.valueOf(fps), "-i", sequence.resolve("frame%04d.jpg").toString()),
                port, log);
    }

    /** One image repeated {@code fps} times a second for {@code seconds}. */
    static Process serveLoop(Path image, int fps, int seconds, int port, Path log) {
        return serve(List.of("-loop", "1", "-framerate", String.valueOf(fps), "-i", image.toString(), "-t",
                String.valueOf(seconds)), port, log);
    }

    private static Process serve(List<String> input, int port, Path log) {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re"));
        command.addAll(input);
        command.addAll(List.of("-f", "mpjpeg", "-q:v", "5", "-content_type", "multipart/x-mixed-replace;boundary=ffmpeg",
                "-listen", "1", url(port)));
        return Children.start(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()));
    }

    static String url(int port) {
        return "http://127.0.0.1:" + port + "/stream.mjpg";
    }
}
