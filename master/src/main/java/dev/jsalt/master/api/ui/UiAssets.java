package dev.jsalt.master.api.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's static files, read from the jar once at start: no CDN, no build step, nothing fetched at run time.
 * Each is served at {@code /ui/NAME}.
 */
public final class UiAssets {
    static final String DIR = "/dev/jsalt/master/ui/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");
    /** Every file the dashboard is made of; a missing one is a packaging bug, found at start. */
    static final String[] NAMES = {"index.html", "login.html", "app.js", "app.css", "icon.svg"};

    public record Asset(String contentType, byte[] body) {
    }

    private final Map<String, Asset> byName = new LinkedHashMap<>();

    public UiAssets() {
        for (String name : NAMES) {
            try (InputStream in = UiAssets.class.getResourceAsStream(DIR + name)) {
                if (in == null) throw new IllegalStateException("dashboard asset " + DIR + name + " is missing from the jar");
                byName.put(name, new Asset(TYPES.get(name.substring(name.lastIndexOf('.') + 1)), in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public Optional<Asset> get(String name) { return Optional.ofNullable(byName.get(name)); }
}
