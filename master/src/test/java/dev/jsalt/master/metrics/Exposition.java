package dev.jsalt.master.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 (the client library has no parser of its own): every
 * line must be a HELP, a TYPE or a sample; a family's TYPE comes before its samples, and once; a family's samples are
 * contiguous; no sample repeats; histogram buckets are cumulative and end with {@code +Inf} equal to {@code _count}.
 * Any deviation throws, naming the line.
 */
public final class Exposition {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{[^\\n]*\\})? ([^ ]+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern VALUE = Pattern.compile("[+-]?(Inf|NaN|(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?)");

    /** One sample: metric name and labels in their order. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public String key() { return key(name, labels); }

        static String key(String name, Map<String, String> labels) {
            return labels.isEmpty() ? name : name + new TreeMap<>(labels);
        }
    }

    /** Samples by {@link Sample#key()}, and each family's type. */
    public record Parsed(Map<String, Sample> samples, Map<String, String> types) {
        /** The sample's value, or 0 if it is absent (a labelled series appears with its first increment). */
        public double value(String name, String... labelPairs) {
            Map<String, String> l = new LinkedHashMap<>();
            for (int i = 0; i < labelPairs.length; i += 2) l.put(labelPairs[i], labelPairs[i + 1]);
            Sample s = samples.get(Sample.key(name, l));
            return s == null ? 0 : s.value();
        }

        public boolean has(String name, String... labelPairs) {
            Map<String, String> l = new LinkedHashMap<>();
            for (int i = 0; i < labelPairs.length; i += 2) l.put(labelPairs[i], labelPairs[i + 1]);
            return samples.containsKey(Sample.key(name, l));
        }

        /** Every sample whose name starts with {@code prefix}, by key. */
        public Map<String, Double> withPrefix(String prefix) {
            Map<String, Double> out = new TreeMap<>();
            samples.forEach((k, s) -> {
                if (s.name().startsWith(prefix)) out.put(k, s.value());
            });
            return out;
        }
    }

    private Exposition() {
    }

    public static Parsed parse(String text) {
        if (!text.endsWith("\n")) throw new IllegalArgumentException("the exposition must end with a newline");
        Map<String, Sample> samples = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Set<String> helped = new HashSet<>();
        Set<String> finished = new HashSet<>();
        String current = null;
        Map<String, List<Sample>> byFamily = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + ": '" + line + "': ";
            Matcher m;
            if (line.startsWith("#")) {
                if ((m = HELP.matcher(line)).matches()) {
                    if (!helped.add(m.group(1))) throw new IllegalArgumentException(where + "a second HELP for " + m.group(1));
                    if (m.group(2).isEmpty()) throw new IllegalArgumentException(where + "empty HELP");
                } else if ((m = TYPE.matcher(line)).matches()) {
                    String fam = m.group(1);
                    if (types.put(fam, m.group(2)) != null) throw new IllegalArgumentException(where + "a second TYPE for " + fam);
                    if (byFamily.containsKey(fam)) throw new IllegalArgumentException(where + "TYPE after samples of " + fam);
                    if (current != null) finished.add(current);
                    current = fam;
                } else {
                    throw new IllegalArgumentException(where + "neither HELP nor TYPE");
                }
                continue;
            }
            if (!(m = SAMPLE.matcher(line)).matches()) throw new IllegalArgumentException(where + "not a sample line");
            String name = m.group(1);
            Map<String, String> labels = labels(m.group(2), where);
            String v = m.group(3);
            if (!VALUE.matcher(v).matches()) throw new IllegalArgumentException(where + "value '" + v + "' is not a number");
            double value = v.endsWith("Inf") ? (v.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                    : v.endsWith("NaN") ? Double.NaN : Double.parseDouble(v);
            String fam = family(name, types);
            if (fam == null) throw new IllegalArgumentException(where + "no TYPE line for " + name);
            if (!fam.equals(current) || finished.contains(fam)) {
                throw new IllegalArgumentException(where + "samples of " + fam + " are not together under its TYPE");
            }
            Sample s = new Sample(name, labels, value);
            if (samples.put(s.key(), s) != null) throw new IllegalArgumentException(where + "a repeated sample");
            byFamily.computeIfAbsent(fam, k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, String> t : types.entrySet()) {
            if (t.getValue().equals("histogram")) checkHistogram(t.getKey(), byFamily.getOrDefault(t.getKey(), List.of()));
        }
        return new Parsed(samples, types);
    }

    private static Map<String, String> labels(String braces, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (braces == null) return out;
        String inner = braces.substring(1, braces.length() - 1);
        int i = 0;
        while (i < inner.length()) {
            Matcher m = LABEL.matcher(inner).region(i, inner.length());
            if (!m.lookingAt()) throw new IllegalArgumentException(where + "bad label at '" + inner.substring(i) + "'");
            String value = m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
            if (out.put(m.group(1), value) != null) throw new IllegalArgumentException(where + "label " + m.group(1) + " twice");
            i = m.end();
            if (i < inner.length()) {
                if (inner.charAt(i) != ',') throw new IllegalArgumentException(where + "labels must be separated by ','");
                i++;
            }
        }
        return out;
    }

    /** The family a sample belongs to: its own name, or the name less a histogram's, summary's or counter's suffix. */
    private static String family(String name, Map<String, String> types) {
        if (types.containsKey(name)) return name;
        for (String suffix : List.of("_bucket", "_count", "_sum", "_total", "_created")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String t = types.get(base);
                if (t == null) continue;
                boolean fits = switch (t) {
                    case "histogram" -> !suffix.equals("_total");
                    case "summary" -> suffix.equals("_count") || suffix.equals("_sum") || suffix.equals("_created");
                    case "counter" -> suffix.equals("_total") || suffix.equals("_created");
                    default -> false;
                };
                if (fits) return base;
            }
        }
        return null;
    }

    private static void checkHistogram(String fam, List<Sample> samples) {
        Map<String, List<Sample>> buckets = new LinkedHashMap<>();
        Map<String, Double> counts = new HashMap<>();
        for (Sample s : samples) {
            Map<String, String> rest = new TreeMap<>(s.labels());
            rest.remove("le");
            String series = rest.toString();
            if (s.name().equals(fam + "_bucket")) {
                if (!s.labels().containsKey("le")) throw new IllegalArgumentException(fam + ": a bucket without 'le'");
                buckets.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
            } else if (s.name().equals(fam + "_count")) {
                counts.put(series, s.value());
            }
        }
        for (Map.Entry<String, List<Sample>> b : buckets.entrySet()) {
            double prevLe = Double.NEGATIVE_INFINITY;
            double prev = 0;
            for (Sample s : b.getValue()) {
                String le = s.labels().get("le");
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                if (bound <= prevLe) throw new IllegalArgumentException(fam + b.getKey() + ": buckets out of order at le=" + le);
                if (s.value() < prev) throw new IllegalArgumentException(fam + b.getKey() + ": bucket counts not cumulative at le=" + le);
                prevLe = bound;
                prev = s.value();
            }
            if (prevLe != Double.POSITIVE_INFINITY) throw new IllegalArgumentException(fam + b.getKey() + ": no +Inf bucket");
            Double count = counts.get(b.getKey());
            if (count == null || count != prev) {
                throw new IllegalArgumentException(fam + b.getKey() + ": _count " + count + " differs from the +Inf bucket " + prev);
            }
        }
    }
}
