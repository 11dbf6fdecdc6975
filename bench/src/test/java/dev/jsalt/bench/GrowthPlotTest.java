package dev.jsalt.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plot is drawn from synthetic figures and read back as pixels: no bench run, no timing. */
class GrowthPlotTest {
    /** A full run's shape: three N for fan-out, two for apply and master RSS, single-N figures the plot skips. */
    static List<Stats> fullRun() {
        return List.of(
                new Stats("w1-minion-side", 115, "ms", List.of(31.0, 33.0, 35.0), 50.0, null),
                new Stats("fanout-test.ping", 100, "ms", List.of(60.0, 72.0, 65.0, 90.0, 70.0), null, null),
                new Stats("fanout-test.ping", 1000, "ms", List.of(410.0, 380.0, 450.0, 520.0, 400.0), 1000.0, null),
                new Stats("master-rss", 1000, "MB", List.of(182.0, 183.5, 184.0), 300.0, null),
                new Stats("reconnect-storm", 1000, "s", List.of(6.1, 6.4), 15.0, null),
                new Stats("apply-fanout-20-files", 100, "ms", List.of(240.0, 260.0, 250.0), null, null),
                new Stats("apply-fanout-20-files", 1000, "ms", List.of(1900.0, 2100.0, 2050.0), null, null),
                new Stats("fanout-test.ping", 5000, "ms", List.of(2300.0, 2450.0, 2600.0), null, null),
                new Stats("master-rss", 5000, "MB", List.of(412.0, 415.0, 414.0), null, null));
    }

    @Test
    void drawsBothPanelsWithTheSeriesColours(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("growth.png");
        GrowthPlot.write(fullRun(), "2025-01-01T12:00:00Z, bench-host, 2 × Some CPU @ 2.10GHz, 7 GiB RAM, Linux 6.1, Java 17.0.15",
                png);
        // -Djsalt.bench.plotSample=/tmp/x.png keeps a copy to look at.
        String sample = System.getProperty("jsalt.bench.plotSample");
        if (sample != null) Files.copy(png, Path.of(sample), StandardCopyOption.REPLACE_EXISTING);

        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "a PNG ImageIO can read");
        assertEquals(GrowthPlot.WIDTH, image.getWidth());
        assertEquals(GrowthPlot.HEIGHT, image.getHeight());
        assertTrue(distinctColours(image) > 10, "not one flat colour");
        int half = image.getWidth() / 2;
        // Drawn in order: fan-out, apply fan-out (left), then master RSS (right).
        assertTrue(contains(image, 0, half, GrowthPlot.COLORS[0].getRGB()), "fan-out colour in the left panel");
        assertTrue(contains(image, 0, half, GrowthPlot.COLORS[1].getRGB()), "apply fan-out colour in the left panel");
        assertTrue(contains(image, half, image.getWidth(), GrowthPlot.COLORS[2].getRGB()), "master RSS colour in the right panel");
        assertFalse(contains(image, 0, half, GrowthPlot.COLORS[2].getRGB()), "master RSS is not drawn in the left panel");
    }

    @Test
    void onlyScenariosAtTwoOrMoreNAreSeries() {
        List<GrowthPlot.Series> time = GrowthPlot.series(fullRun(), s -> s.unit().equals("ms"), 0);
        assertEquals(List.of("fanout-test.ping", "apply-fanout-20-files"), time.stream().map(GrowthPlot.Series::name).toList());
        assertEquals(List.of(100, 1000, 5000), time.get(0).points().stream().map(Stats::n).toList());
    }

    @Test
    void singleNFiguresAreNothingToPlot() {
        List<Stats> quickTiny = List.of(
                new Stats("fanout-test.ping", 20, "ms", List.of(12.0, 14.0), null, null),
                new Stats("apply-fanout-20-files", 20, "ms", List.of(40.0), null, null),
                new Stats("master-rss", 20, "MB", List.of(120.0), null, null),
                new Stats("w1-minion-side", 115, "ms", List.of(30.0), 50.0, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GrowthPlot.render(quickTiny, "caption"));
        assertTrue(e.getMessage().startsWith("nothing to plot"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void tickStepsAreRound() {
        assertEquals(200.0, GrowthPlot.niceStep(130));
        assertEquals(500.0, GrowthPlot.niceStep(480));
        assertEquals(1000.0, GrowthPlot.niceStep(600));
        assertEquals(0.5, GrowthPlot.niceStep(0.3), 1e-12);
    }

    private static boolean contains(BufferedImage image, int fromX, int toX, int rgb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = fromX; x < toX; x++) {
                if ((image.getRGB(x, y) & 0xffffff) == (rgb & 0xffffff)) return true;
            }
        }
        return false;
    }

    private static long distinctColours(BufferedImage image) {
        return java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
                .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth())).distinct().limit(1000).count();
    }
}
