package io.notespipeline.streams.internal;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Trigram similarity in the manner of PostgreSQL's pg_trgm: a word is padded with two spaces in
 * front and one behind and cut into three-letter pieces; the similarity of two words is the share
 * of trigrams they have in common (Jaccard). A query matches a document by the mean, over the
 * query's words, of the best similarity to any word of the document, so {@code "Pyhton scince"}
 * finds a talk on Python in science.
 */
public final class Trigrams {

    private Trigrams() {
    }

    /** @return the lower-cased, accent-free words of {@code text}. */
    public static Set<String> words(String text) {
        String plain = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        Set<String> out = new HashSet<>();
        for (String w : plain.split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** @return the trigrams of one word. */
    public static Set<String> of(String word) {
        String padded = "  " + word + " ";
        Set<String> out = new HashSet<>();
        for (int i = 0; i + 3 <= padded.length(); i++) {
            out.add(padded.substring(i, i + 3));
        }
        return out;
    }

    /** @return the Jaccard similarity of two trigram sets, 0 to 1. */
    public static double similarity(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        int common = 0;
        for (String t : a) {
            if (b.contains(t)) {
                common++;
            }
        }
        return (double) common / (a.size() + b.size() - common);
    }

    /** @return how well {@code query} matches a document made of {@code documentWords}, 0 to 1. */
    public static double score(Set<String> queryWords, Set<String> documentWords) {
        if (queryWords.isEmpty()) {
            return 0;
        }
        double total = 0;
        for (String q : queryWords) {
            Set<String> qt = of(q);
            double best = 0;
            for (String d : documentWords) {
                if (d.equals(q)) {
                    best = 1;
                    break;
                }
                best = Math.max(best, similarity(qt, of(d)));
            }
            total += best;
        }
        return total / queryWords.size();
    }

    /**
     * @return the rank of a talk for a query: the mean of its match on the title and speakers and
     *         its match on the whole text, so that a title match ranks first among talks that
     *         mention the words somewhere
     */
    public static double rank(Set<String> queryWords, Set<String> titleWords, Set<String> allWords) {
        return (score(queryWords, titleWords) + score(queryWords, allWords)) / 2;
    }
}
