package dev.jsalt.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Draws the bench figures that depend on N (fan-out and apply fan-out time, master RSS) against N as one PNG, so
 * docs/performance.md can show how they grow rather than only list them. Left panel: every "ms" scenario measured at
 * two or more N; right panel: master-rss. Median per N, whisker to p95, budgets dashed.
 */
public final class GrowthPlot {
    static final int WIDTH = 1200;
    static final int HEIGHT = 500;
    /** Series colours in the order series are drawn (left panel first); also what the test looks for. */
    static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    static final String NOTHING = "nothing to plot: run the fanout/apply scenarios at two or more N";

    private static final Color INK = new Color(0x222222);
    private static final Color MUTED = new Color(0x666666);
    private static final Color GRID = new Color(0xe4e4e4);
    private static final DecimalFormat NUMBER = new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));
    private static final int PLOT_TOP = 48;     // panel title and unit label above the plot area
    private static final int PLOT_BOTTOM = 100; // tick labels, axis label and legend below it

    private GrowthPlot() {
    }

    /** One scenario's figures, one per N, ordered by N. */
    record Series(String name, String unit, List<Stats> points, Color color, int shape) {
    }

    /**
     * Renders {@code results} to {@code png}.
     *
     * @throws IllegalArgumentException if no scenario was measured at two or more N
     */
    public static void write(List<Stats> results, String caption, Path png) throws IOException {
        BufferedImage image = render(results, caption);
        if (!ImageIO.write(image, "png", png.toFile())) throw new IOException("this JVM has no PNG writer");
    }

    static BufferedImage render(List<Stats> results, String caption) {
        // The bench runs on servers, often over ssh with X forwarding: drawing into a file must not open a display.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        List<Series> time = series(results, s -> "ms".equals(s.unit()), 0);
        List<Series> rss = series(results, s -> "MB".equals(s.unit()) && "master-rss".equals(s.name()), time.size());
        if (time.isEmpty() && rss.isEmpty()) throw new IllegalArgumentException(NOTHING);
        // One N scale for both panels, so a reader can line up fan-out time and memory at the same N.
        TreeSet<Integer> ns = new TreeSet<>();
        for (Series s : time) s.points().forEach(p -> ns.add(p.n()));
        for (Series s : rss) s.points().forEach(p -> ns.add(p.n()));

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int top = drawTitle(g, caption);
            int half = WIDTH / 2;
            drawPanel(g, new Rectangle(0, top, half, HEIGHT - top), "time until every return is in", "ms", time, ns);
            drawPanel(g, new Rectangle(half, top, WIDTH - half, HEIGHT - top), "master RSS", "MB", rss, ns);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The scenarios {@code which} selects that were measured at two or more N; a repeated (name, N) keeps the last figure. */
    static List<Series> series(List<Stats> results, Predicate<Stats> which, int firstColour) {
        Map<String, TreeMap<Integer, Stats>> byName = new LinkedHashMap<>();
        for (Stats s : results) {
            if (which.test(s) && !s.samples().isEmpty()) byName.computeIfAbsent(s.name() + " " + s.unit(), k -> new TreeMap<>()).put(s.n(), s);
        }
        List<Series> out = new ArrayList<>();
        for (TreeMap<Integer, Stats> points : byName.values()) {
            if (points.size() < 2) continue;
            int i = firstColour + out.size();
            Stats first = points.firstEntry().getValue();
            out.add(new Series(first.name(), first.unit(), List.copyOf(points.values()), COLORS[i % COLORS.length], i));
        }
        return out;
    }

    // ---- title --------------------------------------------------------------------------------------------------

    /** @return where the panels start */
    private static int drawTitle(Graphics2D g, String caption) {
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        centre(g, "jsalt bench: figures against N (number of minions)", WIDTH / 2, 28);
        if (caption == null || caption.isBlank()) return 40;
        // The machine string (CPU model, kernel, JVM build) can be long: a second line rather than a tiny font.
        g.setColor(MUTED);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        int width = WIDTH - 40;
        String text = caption.strip();
        int cut = lastBreak(fm, text, width);
        if (fm.stringWidth(text) <= width || cut < 0) {
            centre(g, fit(fm, text, width), WIDTH / 2, 50);
            return 62;
        }
        centre(g, text.substring(0, cut), WIDTH / 2, 50);
        centre(g, fit(fm, text.substring(cut).strip(), width), WIDTH / 2, 50 + fm.getHeight());
        return 62 + fm.getHeight();
    }

    /**
     * Where to break the caption: after "; " (between run and machine) if both halves fit, else after the last ", " or
     * "; " that keeps the first line within {@code width}; -1 if there is none.
     */
    private static int lastBreak(FontMetrics fm, String text, int width) {
        int semicolon = text.indexOf("; ");
        if (semicolon > 0 && fm.stringWidth(text.substring(0, semicolon + 1)) <= width
                && fm.stringWidth(text.substring(semicolon + 2)) <= width) return semicolon + 1;
        int cut = -1;
        for (int i = 0; i < text.length() - 1; i++) {
            boolean separator = (text.charAt(i) == ',' || text.charAt(i) == ';') && text.charAt(i + 1) == ' ';
            if (separator && fm.stringWidth(text.substring(0, i + 1)) <= width) cut = i + 1;
        }
        return cut;
    }

    // ---- one panel ----------------------------------------------------------------------------------------------

    /** Maps N (log scale) and values (linear, from 0) to pixels inside one panel's plot area. */
    private record Axes(Rectangle area, double logLo, double logHi, double yTop, double yStep) {
        double x(double n) { return area.x + (Math.log10(n) - logLo) / (logHi - logLo) * area.width; }

        double y(double v) { return area.y + area.height - v / yTop * area.height; }
    }

    private static void drawPanel(Graphics2D g, Rectangle panel, String title, String unit, List<Series> series, TreeSet<Integer> ns) {
        double hi = 0;
        for (Series s : series) {
            for (Stats p : s.points()) hi = Math.max(hi, Math.max(p.p95(), p.budget() == null ? 0 : p.budget()));
        }
        double step = niceStep(hi > 0 ? hi * 1.08 / 5 : 1);
        double yTop = Math.max(step, Math.ceil(hi * 1.08 / step) * step);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int labelWidth = 0;
        for (double v = 0; v <= yTop + step / 2; v += step) labelWidth = Math.max(labelWidth, fm.stringWidth(NUMBER.format(v)));
        int left = panel.x + 24 + labelWidth + 8;
        Rectangle area = new Rectangle(left, panel.y + PLOT_TOP, panel.x + panel.width - 30 - left, panel.height - PLOT_TOP - PLOT_BOTTOM);
        double lo = Math.log10(ns.first());
        double top = Math.log10(ns.last());
        double pad = Math.max(0.1, (top - lo) * 0.08);
        Axes axes = new Axes(area, lo - pad, top + pad, yTop, step);

        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        centre(g, title, (int) area.getCenterX(), panel.y + 20);
        drawAxes(g, axes, series.isEmpty() ? null : unit, ns);
        if (series.isEmpty()) {
            g.setColor(MUTED);
            g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 13));
            centre(g, "not measured at two or more N", (int) area.getCenterX(), (int) area.getCenterY());
            return;
        }
        drawBudgets(g, axes, series);
        for (int i = 0; i < series.size(); i++) drawSeries(g, axes, series.get(i), (i - (series.size() - 1) / 2.0) * 8);
        drawLegend(g, axes, series);
    }

    /** @param unit null for a panel without series */
    private static void drawAxes(Graphics2D g, Axes a, String unit, TreeSet<Integer> ns) {
        Rectangle r = a.area();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        g.setStroke(new BasicStroke(1f));
        // An empty panel gets no value scale: a 0-to-1 axis would read as a measurement.
        for (double v = 0; unit != null && v <= a.yTop() + a.yStep() / 2; v += a.yStep()) {
            double y = a.y(v);
            g.setColor(GRID);
            g.draw(new Line2D.Double(r.x, y, r.x + r.width, y));
            g.setColor(INK);
            String label = NUMBER.format(v);
            g.drawString(label, r.x - 8 - fm.stringWidth(label), (float) (y + fm.getAscent() / 2.0 - 2));
        }
        for (int n : ns) {
            double x = a.x(n);
            g.setColor(GRID);
            g.draw(new Line2D.Double(x, r.y, x, r.y + r.height));
            g.setColor(INK);
            g.draw(new Line2D.Double(x, r.y + r.height, x, r.y + r.height + 5));
            centre(g, NUMBER.format(n), (int) Math.round(x), r.y + r.height + 20);
        }
        g.setColor(INK);
        g.draw(new Line2D.Double(r.x, r.y, r.x, r.y + r.height));
        g.draw(new Line2D.Double(r.x, r.y + r.height, r.x + r.width, r.y + r.height));
        g.setColor(MUTED);
        if (unit != null) g.drawString(unit, r.x - 8 - fm.stringWidth(unit), r.y - 12);
        centre(g, "N, minions (log scale)", (int) r.getCenterX(), r.y + r.height + 40);
    }

    /** Budgets hold at particular N only (fan-out at 1,000, RSS from 1,000), so the label says where. */
    private static void drawBudgets(Graphics2D g, Axes a, List<Series> series) {
        Rectangle r = a.area();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        List<Rectangle2D> taken = new ArrayList<>();
        for (Series s : series) {
            Map<Double, List<String>> budgets = new TreeMap<>();
            for (Stats p : s.points()) {
                if (p.budget() != null) budgets.computeIfAbsent(p.budget(), b -> new ArrayList<>()).add(NUMBER.format(p.n()));
            }
            for (var b : budgets.entrySet()) {
                double y = a.y(b.getKey());
                g.setColor(s.color());
                g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f));
                g.draw(new Line2D.Double(r.x, y, r.x + r.width, y));
                String label = "budget " + NUMBER.format(b.getKey()) + " " + s.unit() + " (" + s.name() + " at N=" + String.join(", ", b.getValue()) + ")";
                // Above the line unless that leaves the plot; never on top of an earlier budget's label.
                double base = y - 5 - fm.getAscent() < r.y ? y + fm.getAscent() + 4 : y - 5;
                Rectangle2D box = new Rectangle2D.Double(r.x + 6, base - fm.getAscent(), fm.stringWidth(label), fm.getHeight());
                while (taken.stream().anyMatch(box::intersects)) {
                    base += fm.getHeight();
                    box = new Rectangle2D.Double(box.getX(), base - fm.getAscent(), box.getWidth(), box.getHeight());
                }
                taken.add(box);
                g.setColor(Color.WHITE);
                g.fill(box);
                g.setColor(s.color().darker());
                g.drawString(label, (float) box.getX(), (float) base);
            }
        }
        g.setStroke(new BasicStroke(1f));
    }

    /** Median line and markers, p95 whiskers; {@code dodge} shifts series sideways so whiskers at the same N stay apart. */
    private static void drawSeries(Graphics2D g, Axes a, Series s, double dodge) {
        g.setColor(s.color());
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double line = new Path2D.Double();
        for (Stats p : s.points()) {
            double x = a.x(p.n()) + dodge;
            if (line.getCurrentPoint() == null) line.moveTo(x, a.y(p.median())); else line.lineTo(x, a.y(p.median()));
        }
        g.draw(line);
        g.setStroke(new BasicStroke(1.5f));
        for (Stats p : s.points()) {
            double x = a.x(p.n()) + dodge;
            double top = a.y(p.p95());
            g.draw(new Line2D.Double(x, a.y(p.median()), x, top));
            g.draw(new Line2D.Double(x - 4, top, x + 4, top));
        }
        for (Stats p : s.points()) marker(g, s, a.x(p.n()) + dodge, a.y(p.median()));
    }

    /** Series under the axis label, centred (wrapping if the panel is too narrow); what marker and whisker mean at the top. */
    private static void drawLegend(Graphics2D g, Axes a, List<Series> series) {
        Rectangle r = a.area();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(MUTED);
        g.drawString("marker: median, whisker: p95", r.x + 6, r.y - 12);
        List<List<Series>> rows = new ArrayList<>();
        List<Series> row = new ArrayList<>();
        int used = 0;
        for (Series s : series) {
            if (!row.isEmpty() && used + legendWidth(fm, s) > r.width) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            row.add(s);
            used += legendWidth(fm, s);
        }
        rows.add(row);
        int base = r.y + r.height + 66;
        for (List<Series> items : rows) {
            int x = (int) r.getCenterX() - (items.stream().mapToInt(s -> legendWidth(fm, s)).sum() - 18) / 2;
            for (Series s : items) {
                double mid = base - fm.getAscent() / 2.0 + 1;
                g.setColor(s.color());
                g.setStroke(new BasicStroke(2f));
                g.draw(new Line2D.Double(x, mid, x + 22, mid));
                marker(g, s, x + 11, mid);
                g.setColor(INK);
                g.drawString(s.name(), x + 28, base);
                x += legendWidth(fm, s);
            }
            base += fm.getHeight() + 2;
        }
    }

    private static int legendWidth(FontMetrics fm, Series s) { return 28 + fm.stringWidth(s.name()) + 18; }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** A filled shape per series, so series stay apart in greyscale print and for colour-blind readers. */
    private static void marker(Graphics2D g, Series s, double x, double y) {
        double r = 5;
        Shape shape = switch (s.shape() % 4) {
            case 0 -> new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
            case 1 -> new Rectangle2D.Double(x - r + 0.5, y - r + 0.5, 2 * r - 1, 2 * r - 1);
            case 2 -> polygon(x, y - r - 1, x + r + 1, y, x, y + r + 1, x - r - 1, y);
            default -> polygon(x, y - r - 1, x + r + 1, y + r, x - r - 1, y + r);
        };
        g.setColor(s.color());
        g.fill(shape);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(1f));
        g.draw(shape);
    }

    private static Shape polygon(double... xy) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) p.lineTo(xy[i], xy[i + 1]);
        p.closePath();
        return p;
    }

    /** 1, 2 or 5 times a power of ten: tick labels a reader can add up. */
    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
    }

    private static void centre(Graphics2D g, String text, int x, int baseline) {
        g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, baseline);
    }

    private static String fit(FontMetrics fm, String text, int width) {
        if (fm.stringWidth(text) <= width) return text;
        String cut = text;
        while (!cut.isEmpty() && fm.stringWidth(cut + "…") > width) cut = cut.substring(0, cut.length() - 1);
        return cut.strip() + "…";
    }
}
