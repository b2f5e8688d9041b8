package io.facegate.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The status page's own files, read once from the jar ({@code io/facegate/ui/web/}): {@code GET /} is the page,
 * {@code GET /ui/app.js}, {@code /ui/app.css} and {@code /ui/favicon.svg} what it loads. They hold no data — the page
 * fetches that from guarded endpoints — so they are served to anyone, with headers that keep them from being framed
 * or loading anything from elsewhere.
 */
public final class PageService implements HttpService {

    /** Only this origin: scripts, styles, images and connections; no inline script, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final Map<String, byte[]> files;

    public PageService() {
        this.files = Map.of(
                "index.html", read("index.html"),
                "app.js", read("app.js"),
                "app.css", read("app.css"),
                "favicon.svg", read("favicon.svg"));
    }

    private static byte[] read(String name) {
        try (InputStream in = PageService.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("io/facegate/ui/web/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registered at {@code /ui}: the page's scripts and styles. */
    @Override
    public void routing(HttpRules rules) {
        rules.get("/app.js", (req, res) -> send(res, "app.js"))
                .get("/app.css", (req, res) -> send(res, "app.css"))
                .get("/favicon.svg", (req, res) -> send(res, "favicon.svg"));
    }

    /**
     * {@code GET /}: the page itself. A GET carrying {@code X-Amz-Target} is an API client gone wrong, not a browser:
     * it is left to the routes after this one, which answer it as before (not an operation).
     */
    public void index(ServerRequest req, ServerResponse res) {
        if (req.headers().contains(HeaderNames.create("X-Amz-Target"))) {
            res.next();
            return;
        }
        send(res, "index.html");
    }

    private void send(ServerResponse res, String name) {
        res.header(HeaderNames.CONTENT_TYPE, TYPES.get(name));
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
        res.header(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
        res.send(files.get(name));
    }
}
