package dev.jsalt.cli;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Terminal output: colour only on a TTY (and never with NO_COLOR), YAML-style rendering of results. */
public final class Output {
    private final PrintStream out;
    private final boolean colour;
    private final boolean tty;

    public Output(PrintStream out) {
        this.out = out;
        this.tty = System.console() != null;
        this.colour = tty && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
    }

    public PrintStream out() { return out; }

    public boolean tty() { return tty; }

    public boolean colour() { return colour; }

    public String green(String s) { return paint("32", s); }

    public String red(String s) { return paint("31", s); }

    public String yellow(String s) { return paint("33", s); }

    public String cyan(String s) { return paint("36", s); }

    public String bold(String s) { return paint("1", s); }

    public String dim(String s) { return paint("2", s); }

    private String paint(String code, String s) { return colour ? "\u001b[" + code + "m" + s + "\u001b[0m" : s; }

    /** Live progress on stderr, overwritten in place; only on a TTY. */
    public void progress(String line) {
        if (tty) {
            System.err.print("\r\u001b[2K" + line);
            System.err.flush();
        }
    }

    public void clearProgress() {
        if (tty) {
            System.err.print("\r\u001b[2K");
            System.err.flush();
        }
    }

    /** Renders a JSON-like value as indented YAML. */
    public static String yaml(Object value, int indent) {
        if (value == null) return " ".repeat(indent) + "None";
        if (!(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
            String s = String.valueOf(value);
            if (value instanceof Boolean b) s = b ? "True" : "False";
            return indentLines(s, indent);
        }
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setWidth(120);
        o.setSplitLines(false);
        return indentLines(new Yaml(o).dump(value).stripTrailing(), indent);
    }

    private static String indentLines(String s, int indent) {
        String pad = " ".repeat(indent);
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            if (sb.length() > 0) sb.append('\n');
            sb.append(pad).append(line);
        }
        return sb.toString();
    }
}
