package io.cutover.router.link;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.core.routing.RoutingTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.Optional;

/**
 * The last table a router applied, kept in {@code table.json} in its state directory so a restarted
 * router serves it at once, controller or not. Written whole to a temporary file, flushed
 * to disk, then renamed over the old one: a reader sees the old table or the new one, never a part.
 */
final class TableFile {

    static final String NAME = "table.json";

    private final Path file;
    private final Path temporary;
    private final ObjectMapper json;

    TableFile(Path directory, ObjectMapper json) {
        this.file = directory.resolve(NAME);
        this.temporary = directory.resolve(NAME + ".tmp");
        this.json = json;
    }

    Path path() {
        return file;
    }

    /** The table saved last, if any. */
    Optional<RoutingTable> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(file.toFile(), RoutingTable.class));
    }

    /** Replaces the saved table. */
    void write(RoutingTable table) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] bytes = json.writeValueAsBytes(table);
        // Owner only: the table carries the private keys of the certificates added through the API.
        Files.deleteIfExists(temporary);
        try (FileChannel channel = ownerOnly(temporary)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static FileChannel ownerOnly(Path path) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            return FileChannel.open(path, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return FileChannel.open(path, options); // not a POSIX file system
        }
    }
}
