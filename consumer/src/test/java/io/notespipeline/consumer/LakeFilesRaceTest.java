package io.notespipeline.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.notespipeline.consumer.internal.LakeFiles;
import io.notespipeline.schemas.avro.NoteEvent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers racing on one lake file (a live sink and a fenced zombie re-writing the same start offset): the file that
 * stays is always the one covering the most offsets, it is a whole Avro file, and no temp file is left behind.
 * Before, the check of the existing file's end offset and the replace were two steps (a shorter file could replace
 * a longer one published in between) and both writers wrote into the same temp file.
 */
class LakeFilesRaceTest {

    @TempDir
    Path root;

    @Test
    void theLongestFileWinsWhateverTheInterleaving() throws Exception {
        long seed = System.nanoTime();
        System.out.println("LakeFilesRaceTest seed=" + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            Path target = root.resolve("r" + round).resolve("notes.events+0+0.avro");
            int writers = 2 + random.nextInt(4);
            List<Integer> ends = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                ends.add(1 + random.nextInt(30));
            }
            race(target, ends);
            int longest = ends.stream().mapToInt(Integer::intValue).max().orElseThrow();
            Map<String, String> meta = LakeFiles.meta(target);
            assertThat(meta.get(LakeFiles.META_END)).as("round %d, ends %s", round, ends)
                    .isEqualTo(Long.toString(longest));
            assertThat(LakeFiles.read(target)).as("whole file of the longest writer").hasSize(longest + 1);
            try (Stream<Path> files = Files.list(target.getParent())) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .noneMatch(name -> name.endsWith(".tmp"));
            }
        }
    }

    @Test
    void aTempFileNamesTheFileItWasGoingToBecome() {
        Path temp = root.resolve(".notes.events+3+120.avro.k2j9x.tmp");
        assertThat(LakeFiles.visibleOf(temp)).isEqualTo(root.resolve("notes.events+3+120.avro"));
        assertThat(LakeFiles.visibleOf(root.resolve(".notes.events+3+120.avro.tmp")))
                .isEqualTo(root.resolve("notes.events+3+120.avro"));
    }

    private static void race(Path target, List<Integer> ends) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(ends.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int end : ends) {
                done.add(pool.submit(() -> {
                    start.await();
                    try {
                        LakeFiles.write(target, events(end + 1), Map.of(LakeFiles.META_TOPIC, "notes.events",
                                LakeFiles.META_PARTITION, "0", LakeFiles.META_START, "0",
                                LakeFiles.META_END, Integer.toString(end)), "null", () -> { });
                    } catch (SinkFencedException fenced) {
                        // a writer covering no more than what is there is refused: expected for all but the longest
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<NoteEvent> events(int n) {
        List<NoteEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(TestEvents.noteAdded(new UUID(7, i), "race-talk", Instant.ofEpochMilli(1_700_000_000_000L + i),
                    "note " + i));
        }
        return events;
    }
}
