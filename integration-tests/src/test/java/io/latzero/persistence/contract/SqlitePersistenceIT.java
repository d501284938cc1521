package io.latzero.persistence.contract;

import io.latzero.persistence.PersistenceConfig;

/** The API contract on the default backend: {@code latzero.db} in the data directory. */
class SqlitePersistenceIT extends PersistenceContract {
    @Override
    PersistenceConfig.Builder store(PersistenceConfig.Builder builder) {
        return builder;
    }

    @Override
    void dropStore() {
        // Everything lives in the temporary data directory.
    }

    @Override
    String synchronous() {
        return "FULL";
    }

    @Override
    String backupFormat() {
        return "sqlite-file";
    }
}
