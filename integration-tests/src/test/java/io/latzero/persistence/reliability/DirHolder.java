package io.latzero.persistence.reliability;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Child JVM that opens a data directory, registers app {@code held}, prints {@code READY} and then keeps the directory
 * open until killed. Args: data dir.
 */
public final class DirHolder {
    private DirHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        PersistenceManager pm = new PersistenceManager(PersistenceConfig.builder().dataDir(Path.of(args[0]))
                .backupInterval(Duration.ZERO).build());
        pm.initialize();
        pm.registerApp("held", null, null, Map.of());
        System.out.println("READY");
        Thread.sleep(Long.MAX_VALUE);
    }
}
