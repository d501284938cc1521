package io.latzero.persistence.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Records every log line at INFO or above, of every logger and thread, while open: the library, Hibernate (JBoss
 * Logging), HikariCP (SLF4J) and the JDBC drivers all end up in java.util.logging in the tests. Lowers the root
 * level to INFO while open and restores it on close.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger root = Logger.getLogger("");
    private final Level rootLevel = root.getLevel();
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture() {
        root.addHandler(handler);
        root.setLevel(Level.INFO);
    }

    /** Starts recording. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** The lines at WARNING or above, formatted with their logger, message and exception. */
    public List<String> warnings() {
        return lines(Level.WARNING);
    }

    /** The lines at INFO or above, formatted with their logger, message and exception. */
    public List<String> lines() {
        return lines(Level.INFO);
    }

    private List<String> lines(Level atLeast) {
        SimpleFormatter formatter = new SimpleFormatter();
        return records.stream().filter(r -> r.getLevel().intValue() >= atLeast.intValue())
                .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + formatter.format(r)).toList();
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        root.setLevel(rootLevel);
    }
}
