package io.notespipeline.producer.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;

/** Text normalisation and similarity (by a character diff) used to pair changed notes and talks. */
public final class Similarity {

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private Similarity() {
    }

    /** @return {@code text} with whitespace runs collapsed and ends trimmed: whitespace-only changes compare equal. */
    public static String normalize(String text) {
        return SPACES.matcher(text.strip()).replaceAll(" ");
    }

    /** @return 1 for equal texts, 0 for nothing in common: 2 * unchanged characters / total characters. */
    public static double of(String a, String b) {
        if (a.equals(b)) {
            return 1.0;
        }
        if (a.isEmpty() || b.isEmpty()) {
            return 0.0;
        }
        List<Character> left = chars(a);
        List<Character> right = chars(b);
        int removed = 0;
        for (AbstractDelta<Character> delta : DiffUtils.diff(left, right).getDeltas()) {
            removed += delta.getSource().size();
        }
        int common = left.size() - removed;
        return 2.0 * common / (left.size() + right.size());
    }

    private static List<Character> chars(String s) {
        List<Character> out = new ArrayList<>(s.length());
        for (char c : s.toCharArray()) {
            out.add(c);
        }
        return out;
    }

    /**
     * Pairs source and target texts in order (no crossing pairs), maximising total similarity over pairs at
     * least {@code threshold} similar.
     *
     * @return for each target index, the paired source index or -1
     */
    public static int[] align(List<String> source, List<String> target, double threshold) {
        int m = source.size();
        int n = target.size();
        double[][] best = new double[m + 1][n + 1];
        double[][] sim = new double[m][n];
        for (int i = m - 1; i >= 0; i--) {
            for (int j = n - 1; j >= 0; j--) {
                sim[i][j] = of(source.get(i), target.get(j));
                double pair = sim[i][j] >= threshold ? sim[i][j] + best[i + 1][j + 1] : -1;
                best[i][j] = Math.max(pair, Math.max(best[i + 1][j], best[i][j + 1]));
            }
        }
        int[] match = new int[n];
        Arrays.fill(match, -1);
        int i = 0;
        int j = 0;
        while (i < m && j < n) {
            if (sim[i][j] >= threshold && best[i][j] == sim[i][j] + best[i + 1][j + 1]) {
                match[j] = i;
                i++;
                j++;
            } else if (best[i][j] == best[i + 1][j]) {
                i++;
            } else {
                j++;
            }
        }
        return match;
    }
}
