package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

/**
 * notes.jar holds the product only: lists the shaded jar the {@code package} phase built (this runs in
 * {@code verify}, after it) and fails on any class of the benchmark harness or of the test fixtures.
 */
class NotesJarIT {

    /** Path prefixes no entry of notes.jar may start with. */
    private static final List<String> BANNED = List.of("io/notespipeline/bench/", "io/notespipeline/testkit/",
            "io/notespipeline/embedded/junit/", "org/junit/", "org/testcontainers/");

    private static final Path JAR = Path.of("target", "notes.jar");

    @Test
    void holdsNoBenchmarkHarnessAndNoTestCode() throws IOException {
        assertThat(JAR).as("run in the verify phase of app, after package built the shaded jar").isRegularFile();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            System.out.printf("notes.jar: %,d bytes, %,d entries%n", Files.size(JAR), names.size());
            // the listing is the product's: the command line and its main class are there
            assertThat(names).contains("io/notespipeline/app/Notes.class",
                    "io/notespipeline/embedded/EmbeddedKafka.class");
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(Notes.class.getName());
            assertThat(names.stream().filter(n -> BANNED.stream().anyMatch(n::startsWith)))
                    .as("entries of notes.jar under %s", BANNED).isEmpty();
        }
    }
}
