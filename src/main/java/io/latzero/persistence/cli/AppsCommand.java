package io.latzero.persistence.cli;

import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.app.App;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(name = "apps", mixinStandardHelpOptions = true, description = "Registered apps: list, or show ID.")
final class AppsCommand extends RecordsCommand<App> {
    @Override
    String kind() {
        return "app";
    }

    @Override
    List<App> all(PersistenceManager persistence) {
        return persistence.getAllApps();
    }

    @Override
    Optional<App> find(PersistenceManager persistence, String id) {
        return persistence.getApp(id);
    }
}
