package io.latzero.persistence.cli;

import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.pool.Pool;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(name = "pools", mixinStandardHelpOptions = true, description = "Pools: list, or show NAME.")
final class PoolsCommand extends RecordsCommand<Pool> {
    @Override
    String kind() {
        return "pool";
    }

    @Override
    List<Pool> all(PersistenceManager persistence) {
        return persistence.getAllPools();
    }

    @Override
    Optional<Pool> find(PersistenceManager persistence, String id) {
        return persistence.getPool(id);
    }
}
