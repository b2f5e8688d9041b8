package io.facegate.api;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.facegate.auth.AccessKey;
import io.facegate.auth.AuthException;
import io.facegate.auth.SigV4Verifier;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Guards a bodyless endpoint ({@code GET /status}, {@code GET /events}) with the same SigV4 keys as DetectFaces when
 * authentication is on: the request must be signed (service {@code rekognition}, empty payload) by a key whose
 * actions include this endpoint's action, for example {@code facegate:GetStatus}. Passes through when it is off.
 */
public final class SignedAccess implements Handler {

    private final SigV4Verifier verifier;
    private final String action;

    private SignedAccess(SigV4Verifier verifier, String action) {
        this.verifier = verifier;
        this.action = action;
    }

    /** The guard for {@code action}, or a pass-through when authentication is off (no verifier). */
    public static Handler of(Optional<SigV4Verifier> verifier, String action) {
        return verifier.<Handler>map(v -> new SignedAccess(v, action)).orElse((req, res) -> res.next());
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        try {
            SigV4Verifier.Headers headers = name -> req.headers().find(HeaderNames.create(name))
                    .map(Header::allValues).orElse(List.of());
            AccessKey key = verifier.authenticate(req.prologue().method().text(), req.path().rawPath(),
                    req.query().rawValue(), headers).verify(new byte[0]);
            SigV4Verifier.authorize(key, action);
            res.next();
        } catch (AuthException e) {
            ErrorResponses.send(res, ErrorType.valueOf(e.failure().name()), e.getMessage(),
                    UUID.randomUUID().toString());
        }
    }
}
