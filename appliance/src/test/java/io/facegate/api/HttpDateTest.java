package io.facegate.api;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The {@code Date} header in RFC 7231's IMF-fixdate: a two-digit day, English names, GMT, as AWS sends it. */
class HttpDateTest {

    @Test
    void singleDigitDayHasALeadingZero() {
        // Helidon's formatter (DateTimeFormatter.RFC_1123_DATE_TIME) wrote "Sun, 6 Dec 2026 04:07:29 GMT".
        assertThat(HttpDate.format(Instant.parse("2026-12-06T04:07:29Z")), is("Sun, 06 Dec 2026 04:07:29 GMT"));
    }

    @Test
    void otherDates() {
        assertThat(HttpDate.format(Instant.parse("2019-05-25T00:28:25Z")), is("Sat, 25 May 2019 00:28:25 GMT"));
        assertThat(HttpDate.format(Instant.parse("2027-01-01T23:59:59.999Z")), is("Fri, 01 Jan 2027 23:59:59 GMT"));
    }

    @Test
    void parsesBackAsRfc1123() {
        Instant now = Instant.parse("2026-03-09T10:11:12Z");
        assertThat(ZonedDateTime.parse(HttpDate.format(now), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(), is(now));
    }

    @Test
    void nowIsTheCurrentSecond() {
        long before = Instant.now().getEpochSecond();
        Instant sent = ZonedDateTime.parse(HttpDate.now(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        long after = Instant.now().getEpochSecond();
        assertThat(sent.getEpochSecond() >= before && sent.getEpochSecond() <= after, is(true));
    }
}
