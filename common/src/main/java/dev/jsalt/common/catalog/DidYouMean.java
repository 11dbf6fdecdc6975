package dev.jsalt.common.catalog;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The closest known word to a misspelt one, for "did you mean" hints. */
public final class DidYouMean {
    private DidYouMean() {
    }

    /** The candidate nearest {@code word} if it is close enough to be a likely typo. */
    public static Optional<String> of(String word, Collection<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        String w = word.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestD || (d == bestD && best != null && c.compareTo(best) < 0)) {
                best = c;
                bestD = d;
            }
        }
        if (best == null) return Optional.empty();
        int limit = Math.max(2, Math.min(word.length(), best.length()) / 3);
        boolean affix = w.length() >= 3 && (best.toLowerCase(Locale.ROOT).startsWith(w) || best.toLowerCase(Locale.ROOT).endsWith(w));
        return bestD <= limit || affix ? Optional.of(best) : Optional.empty();
    }

    /** Damerau-Levenshtein (optimal string alignment) distance. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
