package io.facegate.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.facegate.api.SignedAccess;
import io.facegate.auth.AccessKey;
import io.facegate.auth.AuthException;
import io.facegate.auth.BrowserSessions;
import io.facegate.auth.SigV4Verifier;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /ui/session}: how a browser gets in when SigV4 is on. {@code GET} says whether signing in is needed and
 * whether this browser has a session; {@code POST}, signed with SigV4 by an access key (the page signs it in the
 * browser, so the secret never leaves it), opens a session and sets its token as an HttpOnly, SameSite=Strict cookie;
 * {@code DELETE} closes it. With SigV4 off nobody signs in.
 */
public final class SessionService implements HttpService {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<SigV4Verifier> verifier;
    private final Optional<BrowserSessions> sessions;

    public SessionService(Optional<SigV4Verifier> verifier, Optional<BrowserSessions> sessions) {
        this.verifier = verifier;
        this.sessions = sessions;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/session", this::show)
                .post("/session", this::open)
                .delete("/session", this::close);
    }

    private void show(ServerRequest req, ServerResponse res) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("signInNeeded", verifier.isPresent());
        SignedAccess.session(req, sessions).ifPresent(s -> {
            body.put("key", s.keyId());
            body.put("actions", s.actions().stream().sorted().toList());
            body.put("expires", s.expires().toString());
        });
        send(res, body);
    }

    private void open(ServerRequest req, ServerResponse res) {
        if (verifier.isEmpty() || sessions.isEmpty()) {
            res.status(Status.NOT_FOUND_404);
            send(res, Map.of("signInNeeded", false));
            return;
        }
        try {
            AccessKey key = SignedAccess.authenticate(verifier.get(), req);
            String token = sessions.get().open(key);
            BrowserSessions.Session session = sessions.get().find(token).orElseThrow();
            res.header(HeaderNames.SET_COOKIE, SignedAccess.SESSION_COOKIE + "=" + token + "; Path=/; HttpOnly; "
                    + "SameSite=Strict; Max-Age=" + sessions.get().ttl().toSeconds());
            send(res, Map.of("key", key.id(), "actions", session.actions().stream().sorted().toList(),
                    "expires", session.expires().toString()));
        } catch (AuthException e) {
            SignedAccess.refuse(res, e);
        }
    }

    private void close(ServerRequest req, ServerResponse res) {
        sessions.ifPresent(s -> SignedAccess.sessionToken(req).ifPresent(s::close));
        res.header(HeaderNames.SET_COOKIE, SignedAccess.SESSION_COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; "
                + "Max-Age=0");
        res.status(Status.NO_CONTENT_204);
        res.send();
    }

    private static void send(ServerResponse res, Map<String, Object> body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        try {
            res.send(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
