package io.notespipeline.bench.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What real notes look like: the text length of every bullet, the number of bullets per talk
 * ({@code ## } section) and the words used, read from Markdown note files (the PyCon 2017 notes in
 * {@code shared/data/pycon_2017}). The workload generator draws from these empirical distributions.
 *
 * @param textLengths length in characters of every note line
 * @param talkSizes   number of note lines of every talk
 * @param words       the distinct words, in order of first appearance
 * @param source      where the corpus came from (a folder, or "built-in")
 */
public record NotesCorpus(List<Integer> textLengths, List<Integer> talkSizes, List<String> words, String source) {

    private static final Pattern BULLET = Pattern.compile("^\\s*[*+-]\\s+(.+)$");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'.-]*");
    /** Where the notes live relative to the repository root's parent (the shared folder). */
    public static final String DEFAULT_RELATIVE = "shared/data/pycon_2017";

    public NotesCorpus {
        if (textLengths.isEmpty() || talkSizes.isEmpty() || words.isEmpty()) {
            throw new IllegalArgumentException("empty corpus from " + source);
        }
        textLengths = List.copyOf(textLengths);
        talkSizes = List.copyOf(talkSizes);
        words = List.copyOf(words);
    }

    /** Reads every {@code *.md} file of {@code dir}. */
    public static NotesCorpus read(Path dir) {
        List<Integer> lengths = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Set<String> words = new LinkedHashSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                int inTalk = -1;
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.startsWith("## ")) {
                        if (inTalk > 0) {
                            sizes.add(inTalk);
                        }
                        inTalk = 0;
                        continue;
                    }
                    Matcher m = BULLET.matcher(line);
                    if (m.matches()) {
                        String text = m.group(1).strip();
                        lengths.add(text.length());
                        inTalk = inTalk < 0 ? 1 : inTalk + 1;
                        Matcher w = WORD.matcher(text);
                        while (w.find()) {
                            words.add(w.group());
                        }
                    }
                }
                if (inTalk > 0) {
                    sizes.add(inTalk);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read notes under " + dir, e);
        }
        return new NotesCorpus(lengths, sizes, new ArrayList<>(words), dir.toString());
    }

    /**
     * @param start a folder to search from (the working directory)
     * @return the notes folder found in {@code start} or one of its parents
     *         ({@code <dir>/shared/data/pycon_2017} or {@code <dir>/../shared/...}), if any
     */
    public static Optional<Path> locate(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(DEFAULT_RELATIVE);
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A small built-in stand-in, used only when the notes folder cannot be found (said in the report). */
    public static NotesCorpus builtIn() {
        List<Integer> lengths = List.of(12, 18, 25, 31, 40, 44, 52, 60, 67, 75, 88, 96, 110, 140, 180);
        List<Integer> sizes = List.of(8, 12, 15, 19, 22, 27, 30, 38);
        List<String> words = List.of("python", "data", "testing", "the", "of", "and", "talk", "speaker", "async",
                "performance", "memory", "library", "community", "web", "science", "type", "hints", "slides");
        return new NotesCorpus(lengths, sizes, words, "built-in");
    }

    /** @return the mean note length in characters. */
    public double meanTextLength() {
        return textLengths.stream().mapToInt(Integer::intValue).average().orElse(0);
    }
}
