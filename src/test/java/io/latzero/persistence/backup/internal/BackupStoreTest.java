package io.latzero.persistence.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.StorageException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupStoreTest {
    @TempDir
    Path dir;

    @Test
    void a_backup_whose_writer_fails_halfway_leaves_no_file_behind() throws IOException {
        BackupStore store = new BackupStore(dir, 3);
        assertThatThrownBy(() -> store.create(file -> {
            writeMebibytes(file, 3); // past the write-back's first steps
            throw new StorageException("disk full halfway");
        }, file -> { })).isInstanceOf(StorageException.class).hasMessageContaining("disk full halfway");

        assertThat(files()).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void a_backup_that_fails_verification_leaves_no_file_behind_and_keeps_the_older_backups() throws IOException {
        BackupStore store = new BackupStore(dir, 3);
        Path good = store.create(file -> writeMebibytes(file, 1), file -> { });
        List<String> before = files();

        assertThatThrownBy(() -> store.create(file -> writeMebibytes(file, 2), file -> {
            throw new StorageException("integrity_check failed");
        })).isInstanceOf(StorageException.class);

        assertThat(files()).isEqualTo(before);
        assertThat(store.list()).containsExactly(good);
    }

    @Test
    void a_backup_written_in_many_steps_is_complete_under_its_final_name_with_a_matching_checksum() throws IOException {
        BackupStore store = new BackupStore(dir, 3);
        Path backup = store.create(file -> writeMebibytes(file, 5), file -> assertThat(file).hasSize(5L << 20));

        assertThat(backup).hasSize(5L << 20);
        assertThat(Files.readString(backup.resolveSibling(backup.getFileName() + ".sha256")))
                .startsWith(BackupStore.sha256(backup));
        assertThat(files()).noneMatch(n -> n.startsWith(".tmp"));
    }

    /** Appends {@code mebibytes} MiB in 64 KiB writes, as SQLite writes a copy page by page. */
    private static void writeMebibytes(Path file, int mebibytes) {
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            for (int i = 0; i < mebibytes * 16; i++) {
                chunk[0] = (byte) i;
                out.write(chunk);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
