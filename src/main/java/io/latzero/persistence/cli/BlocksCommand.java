package io.latzero.persistence.cli;

import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.block.MemoryBlock;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(name = "blocks", mixinStandardHelpOptions = true, description = "Memory blocks: list, or show ID.")
final class BlocksCommand extends RecordsCommand<MemoryBlock> {
    @Override
    String kind() {
        return "memory block";
    }

    @Override
    List<MemoryBlock> all(PersistenceManager persistence) {
        return persistence.getAllMemoryBlocks();
    }

    @Override
    Optional<MemoryBlock> find(PersistenceManager persistence, String id) {
        return persistence.getMemoryBlock(id);
    }
}
