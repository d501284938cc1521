package io.latzero.persistence.reliability;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Child JVM of {@link KillDuringMaintenanceIT}: opens a data directory (running any pending migration, whose progress
 * Flyway reports is echoed as {@code FLYWAY ...} lines), prints
 * {@code READY}, then loops on one maintenance operation until killed, printing a line after each one returned.
 * Args: data dir, {@code open} | {@code backup} | {@code restore}, and for restore the two backup names to alternate.
 */
public final class MaintenanceLoop {
    /** Flyway's logger, held so its handler stays; migration progress goes to stdout as {@code FLYWAY ...} lines. */
    private static final Logger FLYWAY = Logger.getLogger("org.flywaydb");

    private MaintenanceLoop() {
    }

    public static void main(String[] args) throws InterruptedException {
        FLYWAY.setLevel(Level.INFO);
        FLYWAY.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                System.out.println("FLYWAY " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        PersistenceManager pm = new PersistenceManager(PersistenceConfig.builder().dataDir(Path.of(args[0]))
                .backupInterval(Duration.ZERO).triggerPurgeInterval(Duration.ZERO).maxBackups(3).build());
        pm.initialize();
        System.out.println("READY");
        switch (args[1]) {
            case "backup" -> {
                while (true) {
                    System.out.println("BACKUP " + pm.createBackup().getFileName());
                }
            }
            case "restore" -> {
                for (int i = 0; ; i++) {
                    String name = args[2 + i % 2];
                    pm.restoreBackup(Path.of(name));
                    System.out.println("RESTORED " + name);
                }
            }
            default -> Thread.sleep(Long.MAX_VALUE);
        }
    }
}
