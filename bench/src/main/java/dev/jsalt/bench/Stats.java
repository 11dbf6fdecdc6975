package dev.jsalt.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One benchmark line: a scenario's samples summarised as median, p95 and max (nearest-rank), with the budget it is
 * held to, if any.
 *
 * @param budget the largest acceptable median, or null
 * @param note   what the reader must know to trust the figure (fewer repeats, what was measured)
 */
public record Stats(String name, int n, String unit, List<Double> samples, Double budget, String note) {
    public Stats {
        samples = List.copyOf(samples);
    }

    public double median() { return rank(0.5); }

    public double p95() { return rank(0.95); }

    public double rank99() { return rank(0.99); }

    public double max() { return samples.isEmpty() ? Double.NaN : Collections.max(samples); }

    /** Nearest-rank percentile: with 5 samples, p95 is the largest one. */
    private double rank(double p) {
        if (samples.isEmpty()) return Double.NaN;
        List<Double> s = new ArrayList<>(samples);
        Collections.sort(s);
        int i = (int) Math.ceil(p * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, i)));
    }

    /** null when there is no budget. */
    public Boolean withinBudget() { return budget == null || samples.isEmpty() ? null : median() <= budget; }

    public String line() {
        String verdict = withinBudget() == null ? "" : String.format(Locale.ROOT, "  budget %s %s: %s", fmt(budget), unit,
                withinBudget() ? "OK" : "MISSED");
        return String.format(Locale.ROOT, "%-24s N=%-5d median %9s  p95 %9s  max %9s %-3s (%d run%s)%s%s", name, n, fmt(median()),
                fmt(p95()), fmt(max()), unit, samples.size(), samples.size() == 1 ? "" : "s", verdict,
                note == null || note.isEmpty() ? "" : "  [" + note + "]");
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) return "-";
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
