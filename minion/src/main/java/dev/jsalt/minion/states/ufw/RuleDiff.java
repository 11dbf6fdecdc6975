package dev.jsalt.minion.states.ufw;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The difference between the host's rules and the declared ones, compared by what they filter (see
 * {@link UfwRule#key()}), never by text.
 *
 * @param add      declared rules the host lacks
 * @param remove   host rules to delete: in exact mode every rule nobody declared; otherwise only rules with the same
 *                 selector as a declared one but another verdict (ufw could not hold both)
 * @param comments declared rules present on the host with another comment (updated in place)
 */
public record RuleDiff(List<UfwRule> add, List<UfwRule> remove, List<UfwRule> comments) {

    public boolean isEmpty() { return add.isEmpty() && remove.isEmpty() && comments.isEmpty(); }

    public static RuleDiff of(Collection<UfwRule> host, Collection<UfwRule> declared, boolean exact) {
        checkConsistent(declared);
        List<UfwRule> add = new ArrayList<>();
        List<UfwRule> comments = new ArrayList<>();
        for (UfwRule want : declared) {
            UfwRule have = host.stream().filter(want::sameVerdict).findFirst().orElse(null);
            if (have == null) {
                if (add.stream().noneMatch(want::sameVerdict)) add.add(want);
            } else if (!want.comment().isEmpty() && !want.comment().equals(have.comment())) {
                // an undeclared comment is left alone: comments document, they do not filter
                comments.add(want);
            }
        }
        List<UfwRule> remove = new ArrayList<>();
        for (UfwRule have : host) {
            boolean wanted = declared.stream().anyMatch(have::sameVerdict);
            boolean conflicting = declared.stream().anyMatch(d -> d.key().equals(have.key()));
            if (exact ? !wanted : conflicting && !wanted) remove.add(have);
        }
        return new RuleDiff(add, remove, comments);
    }

    /** Two declarations for the same selector with different verdicts would flip-flop on every run. */
    static void checkConsistent(Collection<UfwRule> declared) {
        List<UfwRule> seen = new ArrayList<>();
        for (UfwRule r : declared) {
            for (UfwRule s : seen) {
                if (s.key().equals(r.key()) && !(s.action().equals(r.action()) && Objects.equals(s.log(), r.log()))) {
                    throw new IllegalArgumentException("conflicting ufw rules declared for the same traffic: '"
                            + s.describe() + "' and '" + r.describe() + "'");
                }
            }
            seen.add(r);
        }
    }

    /** The rules the host holds once this diff is applied. */
    public List<UfwRule> result(Collection<UfwRule> host) {
        List<UfwRule> out = new ArrayList<>(host);
        out.removeAll(remove);
        out.addAll(add);
        return out;
    }
}
