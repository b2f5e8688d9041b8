package io.facegate.observe;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One line per record for the systemd journal, which adds its own timestamp: {@code <P>LEVEL logger: message}, where
 * {@code <P>} is the syslog priority that journald reads off stderr (SyslogLevelPrefix=, on by default), so
 * {@code journalctl -u facegate -p warning} shows warnings and errors only. A stack trace follows on its own lines.
 * Selected in /etc/facegate/logging.properties.
 */
public final class JournalFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder()
                .append('<').append(priority(record.getLevel())).append('>')
                .append(record.getLevel().getName()).append(' ')
                .append(record.getLoggerName()).append(": ")
                .append(formatMessage(record).replace('\n', ' '))
                .append('\n');
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    /** The syslog priority: 3 error, 4 warning, 6 info, 7 debug. */
    static int priority(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return 3;
        }
        if (value >= Level.WARNING.intValue()) {
            return 4;
        }
        if (value >= Level.INFO.intValue()) {
            return 6;
        }
        return 7;
    }
}
