package io.facegate.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;

/**
 * The {@code Date} header in RFC 7231's IMF-fixdate, as AWS sends it: {@code Sun, 06 Dec 2026 04:07:29 GMT}, the day
 * always two digits. Helidon 4.5 formats it with {@code DateTimeFormatter.RFC_1123_DATE_TIME}, which writes
 * {@code Sun, 6 Dec 2026}: valid RFC 1123, but not the fixed-length form RFC 7231 requires of senders. SDK v2
 * corrects its clock skew from this header.
 */
public final class HttpDate {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** Sets {@code Date} on every routed response just before it is sent (Helidon then leaves its own out). */
    public static final Filter FILTER = (chain, req, res) -> {
        res.beforeSend(() -> res.header(HeaderNames.DATE, now()));
        chain.proceed();
    };

    private record Stamp(long second, String text) {
    }

    private static volatile Stamp last = new Stamp(Long.MIN_VALUE, "");

    private HttpDate() {
    }

    /** The current second, formatted once per second. */
    public static String now() {
        long second = Math.floorDiv(System.currentTimeMillis(), 1000);
        Stamp stamp = last;
        if (stamp.second() != second) {
            stamp = new Stamp(second, format(Instant.ofEpochSecond(second)));
            last = stamp;
        }
        return stamp.text();
    }

    static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }
}
