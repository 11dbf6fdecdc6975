package dev.jsalt.cli.cloud;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The progress of a cloud run, whose steps arrive as {@code NAME: what} lines from machines made in parallel. On a
 * terminal each machine keeps one row, redrawn in place as it moves on (creating, active, joined, converged) with the
 * seconds since its first step, so twenty machines take twenty rows instead of a hundred scrolling lines; anywhere else
 * (a pipe, a log file, {@code --output json}) every step is printed as its own line as it happens, as before. A line
 * that names no machine is printed above the rows. (A warning the provider's client logs to the terminal meanwhile
 * lands below the rows and is drawn over by the next redraw: it stays in the master's and the client's logs.)
 */
final class MachineBoard implements Consumer<String> {
    private static final String CLEAR_LINE = "\r\u001b[2K";

    private final PrintStream out;
    private final boolean redraw;
    private final boolean colour;
    private final LongSupplier millis;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private int drawn;

    private record Row(long since, String what) {
    }

    MachineBoard(PrintStream out, boolean redraw, boolean colour, LongSupplier millis) {
        this.out = out;
        this.redraw = redraw;
        this.colour = colour;
        this.millis = millis;
    }

    @Override
    public synchronized void accept(String line) {
        if (!redraw) {
            out.println(line);
            return;
        }
        int colon = line.indexOf(": ");
        StringBuilder sb = new StringBuilder(up());
        if (colon <= 0) {
            sb.append(CLEAR_LINE).append(line).append('\n');
        } else {
            String name = line.substring(0, colon);
            Row old = rows.get(name);
            rows.put(name, new Row(old == null ? millis.getAsLong() : old.since(), line.substring(colon + 2)));
        }
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
        long now = millis.getAsLong();
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            long seconds = (now - e.getValue().since()) / 1000;
            sb.append(CLEAR_LINE).append(String.format("%-" + width + "s %4d s  %s", e.getKey(), seconds, paint(e.getValue().what())))
                    .append('\n');
        }
        drawn = rows.size();
        out.print(sb);
        out.flush();
    }

    /** Back to the first row drawn, to draw over it. */
    private String up() {
        return drawn == 0 ? "" : "\u001b[" + drawn + "A";
    }

    private String paint(String what) {
        if (!colour) return what;
        if (what.startsWith("failed") || what.startsWith("highstate failed")) return "\u001b[31m" + what + "\u001b[0m";
        if (what.equals("highstate converged") || what.startsWith("destroyed") || what.startsWith("joined")) {
            return "\u001b[32m" + what + "\u001b[0m";
        }
        return what;
    }
}
