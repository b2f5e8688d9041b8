package io.facegate.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /ui/frames}: each camera's last examined frame (number, arrival, size, face boxes as fractions of the
 * frame); {@code GET /ui/preview/<camera>}: that frame as a small JPEG when {@code ui.preview} is on, 404 otherwise.
 */
public final class FramesService implements HttpService {

    private static final Logger LOG = Logger.getLogger(FramesService.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LastFrames frames;

    public FramesService(LastFrames frames) {
        this.frames = frames;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/frames", this::frames)
                .get("/preview/{camera}", this::preview);
    }

    private void frames(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        try {
            res.send(JSON.writeValueAsBytes(frames.json()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void preview(ServerRequest req, ServerResponse res) {
        String camera = req.path().pathParameters().get("camera");
        Optional<byte[]> jpeg;
        String why = frames.preview() ? "no frame of camera " + camera + " yet" : "previews are off (ui.preview: false)";
        try {
            jpeg = frames.preview(camera);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "no preview of camera " + camera, e);
            jpeg = Optional.empty();
            why = "the last frame of camera " + camera + " could not be scaled (" + e.getMessage() + ")";
        }
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        if (jpeg.isEmpty()) {
            res.status(Status.NOT_FOUND_404);
            res.header(HeaderNames.CONTENT_TYPE, "text/plain");
            res.send(why);
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "image/jpeg");
        res.send(jpeg.get());
    }
}
