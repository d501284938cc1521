package io.latzero.persistence.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

@LatZeroPersistenceTest
class LatZeroPersistenceExtensionTest {
    private static final List<PersistenceManager> handedOut = new CopyOnWriteArrayList<>();
    private static final List<Path> dataDirs = new CopyOnWriteArrayList<>();

    PersistenceManager field;
    PersistenceManager fromBeforeEach;

    @BeforeEach
    void remember(PersistenceManager persistence) {
        fromBeforeEach = persistence;
    }

    @RepeatedTest(3)
    void each_test_gets_a_fresh_empty_in_memory_manager(PersistenceManager persistence) {
        handedOut.add(persistence);
        dataDirs.add(persistence.config().dataDir());

        assertThat(persistence.config().memoryMode()).isTrue();
        assertThat(persistence.config().dataDir()).isDirectory()
                .isNotEqualTo(PersistenceConfig.defaultDataDir());
        assertThat(persistence.getAllApps()).isEmpty();
        persistence.registerApp("written-by-one-test", List.of(), List.of(), Map.of());
        assertThat(persistence.getAllApps()).hasSize(1);
    }

    @Test
    void parameter_field_and_beforeEach_share_one_manager_per_test(PersistenceManager persistence) {
        handedOut.add(persistence);
        dataDirs.add(persistence.config().dataDir());

        assertThat(field).isSameAs(persistence);
        assertThat(fromBeforeEach).isSameAs(persistence);
    }

    @Test
    void backups_go_to_the_temporary_data_directory(PersistenceManager persistence) {
        handedOut.add(persistence);
        dataDirs.add(persistence.config().dataDir());

        assertThat(persistence.createBackup()).startsWith(persistence.config().dataDir());
    }

    @AfterAll
    static void everyManagerWasDistinctAndIsClosedWithItsDirectoryDeleted() {
        assertThat(handedOut).hasSize(5).doesNotHaveDuplicates();
        for (PersistenceManager persistence : handedOut) {
            assertThatThrownBy(persistence::getAllApps).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("shut down");
        }
        assertThat(dataDirs).allSatisfy(dir -> assertThat(Files.exists(dir)).isFalse());
    }
}
