package io.notespipeline.app;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notespipeline.schemas.http.Json;

/**
 * The addresses a running {@code notes up} serves, written to {@value #FILE_NAME} in its data dir so
 * that client commands find it. Removed on clean shutdown.
 *
 * @param bootstrap   Kafka bootstrap servers
 * @param registryUrl schema registry URL (empty until the registry runs)
 * @param apiUrl      producer/query API URL (empty until the APIs run)
 * @param pid         process id of the {@code notes up} that wrote it
 */
public record Endpoints(String bootstrap, String registryUrl, String apiUrl, long pid) {

    public static final String FILE_NAME = "endpoints.json";
    private static final ObjectMapper JSON = Json.mapper();

    /** Writes the file atomically (temp file + rename). */
    public void write(Path dataDir) throws IOException {
        Path target = dataDir.resolve(FILE_NAME);
        Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** @return the endpoints of the {@code notes up} using {@code dataDir}, if its file is there */
    public static Optional<Endpoints> read(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), Endpoints.class));
        } catch (IOException e) {
            throw new NotesAppException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the file if it is there. */
    public static void delete(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(FILE_NAME));
        } catch (IOException e) {
            throw new NotesAppException("cannot delete " + dataDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }
}
