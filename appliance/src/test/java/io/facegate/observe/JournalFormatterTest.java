package io.facegate.observe;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

class JournalFormatterTest {

    private final JournalFormatter formatter = new JournalFormatter();

    @Test
    void eachLevelCarriesItsSyslogPriority() {
        assertThat(line(Level.SEVERE, "boom"), is("<3>SEVERE io.facegate.x: boom\n"));
        assertThat(line(Level.WARNING, "careful"), is("<4>WARNING io.facegate.x: careful\n"));
        assertThat(line(Level.INFO, "started"), is("<6>INFO io.facegate.x: started\n"));
        assertThat(line(Level.FINE, "request id=1"), is("<7>FINE io.facegate.x: request id=1\n"));
    }

    @Test
    void aMessageStaysOnOneLineAndATraceFollows() {
        LogRecord record = new LogRecord(Level.SEVERE, "two\nlines {0}");
        record.setLoggerName("io.facegate.x");
        record.setParameters(new Object[] {"p"});
        record.setThrown(new IllegalStateException("cause"));
        String text = formatter.format(record);
        assertThat(text, startsWith("<3>SEVERE io.facegate.x: two lines p\njava.lang.IllegalStateException: cause\n"));
    }

    private String line(Level level, String message) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("io.facegate.x");
        return formatter.format(record);
    }
}
