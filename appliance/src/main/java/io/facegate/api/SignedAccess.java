package io.facegate.api;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.facegate.auth.AccessKey;
import io.facegate.auth.AuthException;
import io.facegate.auth.AuthFailure;
import io.facegate.auth.BrowserSessions;
import io.facegate.auth.SigV4Verifier;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Guards a bodyless endpoint ({@code GET /status}, {@code GET /events}, the status page's data) with the same SigV4
 * keys as DetectFaces when authentication is on: the request must be signed (service {@code rekognition}, empty
 * payload) by a key whose actions include this endpoint's action, for example {@code facegate:GetStatus}, or carry
 * the cookie of a browser session opened with such a key ({@link BrowserSessions}). Passes through when it is off.
 */
public final class SignedAccess implements Handler {

    /** The cookie holding a browser session's token. */
    public static final String SESSION_COOKIE = "facegate-session";

    private final SigV4Verifier verifier;
    private final Optional<BrowserSessions> sessions;
    private final String action;

    private SignedAccess(SigV4Verifier verifier, Optional<BrowserSessions> sessions, String action) {
        this.verifier = verifier;
        this.sessions = sessions;
        this.action = action;
    }

    /** The guard for {@code action}, or a pass-through when authentication is off (no verifier). */
    public static Handler of(Optional<SigV4Verifier> verifier, String action) {
        return of(verifier, Optional.empty(), action);
    }

    /** As {@link #of(Optional, String)}, also accepting a browser session that allows {@code action}. */
    public static Handler of(Optional<SigV4Verifier> verifier, Optional<BrowserSessions> sessions, String action) {
        return verifier.<Handler>map(v -> new SignedAccess(v, sessions, action)).orElse((req, res) -> res.next());
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        try {
            Optional<BrowserSessions.Session> session = session(req, sessions);
            if (session.isPresent()) {
                if (!session.get().allows(action)) {
                    throw new AuthException(AuthFailure.AccessDeniedException, "User: " + session.get().keyId()
                            + " is not authorized to perform: " + action);
                }
            } else {
                SigV4Verifier.authorize(authenticate(verifier, req), action);
            }
            res.next();
        } catch (AuthException e) {
            refuse(res, e);
        }
    }

    /** The key that signed this bodyless request, or the reason it is refused. */
    public static AccessKey authenticate(SigV4Verifier verifier, ServerRequest req) throws AuthException {
        SigV4Verifier.Headers headers = name -> req.headers().find(HeaderNames.create(name))
                .map(Header::allValues).orElse(List.of());
        return verifier.authenticate(req.prologue().method().text(), req.path().absolute().rawPath(),
                req.query().rawValue(), headers).verify(new byte[0]);
    }

    /** The live browser session named by the request's cookie, if any. */
    public static Optional<BrowserSessions.Session> session(ServerRequest req, Optional<BrowserSessions> sessions) {
        return sessions.flatMap(s -> sessionToken(req).flatMap(s::find));
    }

    /** The session token of the request's cookie, if it has one. */
    public static Optional<String> sessionToken(ServerRequest req) {
        return req.headers().cookies().first(SESSION_COOKIE).asOptional();
    }

    /** Answers with the typed error, in the AWS shape, as DetectFaces does. */
    public static void refuse(ServerResponse res, AuthException e) {
        ErrorResponses.send(res, ErrorType.valueOf(e.failure().name()), e.getMessage(), UUID.randomUUID().toString());
    }
}
