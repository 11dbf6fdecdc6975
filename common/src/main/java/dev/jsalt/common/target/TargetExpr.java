package dev.jsalt.common.target;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The node kinds of a parsed {@link Target}. */
public final class TargetExpr {
    private TargetExpr() {
    }

    public record And(Target left, Target right) implements Target {
        public boolean matches(String id, Map<String, Object> grains) {
            return left.matches(id, grains) && right.matches(id, grains);
        }
    }

    public record Or(Target left, Target right) implements Target {
        public boolean matches(String id, Map<String, Object> grains) {
            return left.matches(id, grains) || right.matches(id, grains);
        }
    }

    public record Not(Target inner) implements Target {
        public boolean matches(String id, Map<String, Object> grains) {
            return !inner.matches(id, grains);
        }
    }

    /** Shell-style glob on the minion id ({@code *}, {@code ?}, {@code [abc]}). */
    public record Glob(String pattern, Pattern compiled) implements Target {
        public Glob(String pattern) {
            this(pattern, Globs.compile(pattern));
        }

        public boolean matches(String id, Map<String, Object> grains) {
            return compiled.matcher(id).matches();
        }

        /** A glob without wildcards names exactly one minion. */
        public boolean isLiteral() { return !Globs.hasWildcard(pattern); }
    }

    public record ListOf(Set<String> ids) implements Target {
        public boolean matches(String id, Map<String, Object> grains) {
            return ids.contains(id);
        }
    }

    /**
     * Grain match: the grain at {@code path} (nested keys separated by {@code :}) equals the glob {@code value};
     * a list-valued grain matches when any element does.
     */
    public record Grain(String path, String value, Pattern compiled) implements Target {
        public Grain(String path, String value) {
            this(path, value, Globs.compile(value));
        }

        public boolean matches(String id, Map<String, Object> grains) {
            Object v = lookup(grains, path);
            if (v == null) return false;
            if (v instanceof List<?> list) {
                for (Object e : list) {
                    if (e != null && compiled.matcher(String.valueOf(e)).matches()) return true;
                }
                return false;
            }
            return compiled.matcher(String.valueOf(v)).matches();
        }

        static Object lookup(Map<String, Object> grains, String path) {
            Object cur = grains;
            for (String part : path.split(":")) {
                if (!(cur instanceof Map<?, ?> m)) return null;
                cur = m.get(part);
            }
            return cur;
        }
    }

    /**
     * {@code E@regex} on the minion id. The operator's regular expression is matched with a step budget: a pattern that
     * backtracks catastrophically (such as {@code E@a*a*a*a*a*a*a*a*b} on a long id) fails with a one-line error instead
     * of holding an API thread.
     */
    public record Regex(Pattern pattern) implements Target {
        /** Characters one match may look at: plenty for any pattern over an id of at most 128 characters. */
        static final int MAX_STEPS = 1_000_000;

        public boolean matches(String id, Map<String, Object> grains) {
            try {
                return pattern.matcher(new Budgeted(id, MAX_STEPS)).matches();
            } catch (Budgeted.Exhausted e) {
                throw new IllegalArgumentException("target 'E@" + pattern.pattern() + "' needs more than " + MAX_STEPS
                        + " steps to match minion id '" + id + "' (catastrophic backtracking): simplify the expression");
            }
        }
    }

    /** A string whose characters may be read a bounded number of times in all: the regular expression engine's fuel. */
    private static final class Budgeted implements CharSequence {
        static final class Exhausted extends RuntimeException {
            Exhausted() {
                super(null, null, false, false);
            }
        }

        private final String s;
        private final int[] left;

        Budgeted(String s, int budget) {
            this(s, new int[]{budget});
        }

        private Budgeted(String s, int[] left) {
            this.s = s;
            this.left = left;
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) throw new Exhausted();
            return s.charAt(index);
        }

        @Override
        public int length() { return s.length(); }

        @Override
        public CharSequence subSequence(int start, int end) { return new Budgeted(s.substring(start, end), left); }

        @Override
        public String toString() { return s; }
    }
}
