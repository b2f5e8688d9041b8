package io.facegate.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sessions for a browser, which cannot sign each request itself ({@code EventSource} sends no header of its own):
 * a call signed with an access key opens one, and its random token, sent back as a cookie, then stands for that key
 * — limited to the read actions the key has ({@link #BROWSER_ACTIONS}) — until it expires or is closed. At most
 * {@value #MAX} sessions are kept; opening one more forgets the oldest. Kept in memory only: a restart ends them all.
 */
public final class BrowserSessions {

    /** The only actions a session can carry: reading status, events and the preview, never DetectFaces. */
    public static final Set<String> BROWSER_ACTIONS = Set.of("facegate:GetStatus", "facegate:GetEvents",
            "facegate:GetPreview");
    static final int MAX = 256;

    /** An open session: the key it stands for, what it may read, and until when. */
    public record Session(String keyId, Set<String> actions, Instant expires) {
        public boolean allows(String action) {
            return actions.contains(action);
        }
    }

    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new LinkedHashMap<>();

    public BrowserSessions(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * A new session for {@code key}, or {@link AuthException} ({@code AccessDeniedException}) when the key may read
     * none of {@link #BROWSER_ACTIONS}. Returns the token.
     */
    public synchronized String open(AccessKey key) throws AuthException {
        Set<String> actions = BROWSER_ACTIONS.stream().filter(key::allows).collect(Collectors.toUnmodifiableSet());
        if (actions.isEmpty()) {
            throw new AuthException(AuthFailure.AccessDeniedException, "User: " + key.id()
                    + " is not authorized to perform: facegate:GetStatus");
        }
        removeExpired();
        if (sessions.size() >= MAX) {
            sessions.remove(sessions.keySet().iterator().next());
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(token, new Session(key.id(), actions, clock.instant().plus(ttl)));
        return token;
    }

    /** The live session of {@code token}, if any. */
    public synchronized Optional<Session> find(String token) {
        Session s = sessions.get(token);
        if (s == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(s.expires())) {
            sessions.remove(token);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    public synchronized void close(String token) {
        sessions.remove(token);
    }

    private void removeExpired() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !now.isBefore(s.expires()));
    }
}
