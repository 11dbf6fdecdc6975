package dev.jsalt.master.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the master knows of each accepted minion: grains from its last hello and when it was last heard from. Grains are
 * held read-only, their values shared between minions ({@link GrainsInterner}).
 */
public final class MinionRegistry {
    /** Minions send a keepalive every 15 s; three missed ones and we call them not connected. */
    public static final Duration CONNECTED_WINDOW = Duration.ofSeconds(50);

    public record MinionInfo(String id, Map<String, Object> grains, Instant lastSeen, Instant connectedSince, String version) {
    }

    private final Map<String, MinionInfo> minions = new ConcurrentHashMap<>();
    private final GrainsInterner interner = new GrainsInterner();
    private final java.nio.file.Path dir;

    /** Grains are cached under {@code dir} so grain targets still resolve (as "not connected") after a master restart. */
    public MinionRegistry(java.nio.file.Path dir) throws java.io.IOException {
        this.dir = java.nio.file.Files.createDirectories(dir);
        try (var ds = java.nio.file.Files.newDirectoryStream(dir, "*.json")) {
            for (var f : ds) {
                try {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> g = dev.jsalt.common.json.Json.read(java.nio.file.Files.readAllBytes(f), Map.class);
                    String id = f.getFileName().toString().replaceFirst("\\.json$", "");
                    minions.put(id, new MinionInfo(id, interner.intern(g), Instant.EPOCH, Instant.EPOCH, null));
                } catch (RuntimeException e) {
                    // a corrupt cache entry is rebuilt at the minion's next hello
                }
            }
        }
    }

    public void hello(String id, Map<String, Object> grains, String version) {
        Instant now = Instant.now();
        Map<String, Object> g = grains == null ? Map.of() : interner.intern(grains);
        MinionInfo old = minions.put(id, new MinionInfo(id, g, now, now, version));
        if (old == null || !old.grains().equals(g)) {
            try {
                java.nio.file.Files.write(dir.resolve(id + ".json"), dev.jsalt.common.json.Json.bytes(g));
            } catch (java.io.IOException e) {
                org.slf4j.LoggerFactory.getLogger(MinionRegistry.class).warn("cannot cache grains of {}: {}", id, e.getMessage());
            }
        }
    }

    public void seen(String id) {
        minions.computeIfPresent(id, (k, v) -> new MinionInfo(v.id(), v.grains(), Instant.now(), v.connectedSince(), v.version()));
    }

    /** Its connection ended: not connected from now until it speaks again (grains stay for targeting). */
    public void disconnected(String id) {
        minions.computeIfPresent(id, (k, v) -> new MinionInfo(v.id(), v.grains(), Instant.EPOCH, v.connectedSince(), v.version()));
    }

    /** Drops everything held for {@code id} (its key was deleted). */
    public void forget(String id) {
        minions.remove(id);
        try {
            java.nio.file.Files.deleteIfExists(dir.resolve(id + ".json"));
        } catch (java.io.IOException e) {
            org.slf4j.LoggerFactory.getLogger(MinionRegistry.class).warn("cannot purge cached grains of {}", id);
        }
    }

    public Optional<MinionInfo> get(String id) { return Optional.ofNullable(minions.get(id)); }

    public boolean connected(String id) {
        MinionInfo i = minions.get(id);
        return i != null && Duration.between(i.lastSeen(), Instant.now()).compareTo(CONNECTED_WINDOW) < 0;
    }

    /** How many minions are connected now (see {@link #connected}); one pass, nothing copied. */
    public long connectedCount() {
        Instant now = Instant.now();
        long n = 0;
        for (MinionInfo i : minions.values()) {
            if (Duration.between(i.lastSeen(), now).compareTo(CONNECTED_WINDOW) < 0) n++;
        }
        return n;
    }

    public Map<String, Object> grains(String id) {
        MinionInfo i = minions.get(id);
        return i == null ? Map.of() : i.grains();
    }

    public List<MinionInfo> all() {
        List<MinionInfo> l = new ArrayList<>(minions.values());
        l.sort(Comparator.comparing(MinionInfo::id));
        return l;
    }
}
