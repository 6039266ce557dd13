package io.notespipeline.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotesCorpusTest {

    @Test
    void shouldReadBulletLengthsTalkSizesAndWordsFromMarkdown(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.md"), """
                # PyCon

                ## First talk

                Jane Doe

                * Python in science
                \t* Kepler
                * Batteries included

                ## Second talk

                - One bullet
                """);
        Files.writeString(dir.resolve("ignored.txt"), "* not markdown");

        NotesCorpus corpus = NotesCorpus.read(dir);

        assertThat(corpus.textLengths()).containsExactly(17, 6, 18, 10);
        assertThat(corpus.talkSizes()).containsExactly(3, 1);
        assertThat(corpus.words()).startsWith("Python", "in", "science", "Kepler");
        assertThat(corpus.meanTextLength()).isEqualTo(12.75);
    }

    @Test
    void shouldFindTheSharedNotesFolderFromAParent(@TempDir Path root) throws IOException {
        Path notes = Files.createDirectories(root.resolve(NotesCorpus.DEFAULT_RELATIVE));
        Path deep = Files.createDirectories(root.resolve("repo/bench"));

        assertThat(NotesCorpus.locate(deep)).contains(notes);
    }
}
