package dev.jsalt.master.mine;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.target.Target;
import dev.jsalt.master.events.EventBus;
import dev.jsalt.master.keys.KeyState;
import dev.jsalt.master.keys.KeyStore;
import dev.jsalt.master.keys.MinionKey;
import dev.jsalt.master.registry.MinionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mine data per minion (alias → value), kept on disk so templates can read it across master restarts. Only accepted
 * minions' data is served, and a deleted key's data is purged. A changed value fires {@code jsalt/mine/<id>/<alias>}.
 */
public final class MineStore {
    private static final Logger log = LoggerFactory.getLogger(MineStore.class);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final Path dir;
    private final KeyStore keys;
    private final MinionRegistry registry;
    private final EventBus events;
    private final Map<String, Map<String, Object>> data = new ConcurrentHashMap<>();

    public MineStore(Path dir, KeyStore keys, MinionRegistry registry, EventBus events) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.keys = keys;
        this.registry = registry;
        this.events = events;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(this.dir, "*.json")) {
            for (Path f : ds) {
                String id = f.getFileName().toString().replaceFirst("\\.json$", "");
                try {
                    data.put(id, Json.mapper().readValue(Files.readAllBytes(f), MAP));
                } catch (IOException e) {
                    log.warn("unreadable mine data {}: {}", f, e.getMessage());
                }
            }
        }
    }

    /** Replaces {@code id}'s mine with {@code values}; fires an event per changed alias. */
    public void update(String id, Map<String, Object> values) {
        Map<String, Object> incoming = values == null ? Map.of() : new LinkedHashMap<>(values);
        Map<String, Object> old = data.put(id, incoming);
        if (Objects.equals(old, incoming)) return;
        try {
            Files.write(dir.resolve(id + ".json"), Json.bytes(incoming));
        } catch (IOException e) {
            log.warn("cannot store mine data of {}: {}", id, e.getMessage());
        }
        Map<String, Object> before = old == null ? Map.of() : old;
        for (String alias : union(before, incoming)) {
            if (!Objects.equals(before.get(alias), incoming.get(alias))) {
                Map<String, Object> ev = new LinkedHashMap<>();
                ev.put("id", id);
                ev.put("key", alias);
                events.publish("jsalt/mine/" + id + "/" + alias, ev);
            }
        }
    }

    private static java.util.Set<String> union(Map<String, Object> a, Map<String, Object> b) {
        java.util.Set<String> s = new java.util.TreeSet<>(a.keySet());
        s.addAll(b.keySet());
        return s;
    }

    public void purge(String id) {
        data.remove(id);
        try {
            Files.deleteIfExists(dir.resolve(id + ".json"));
        } catch (IOException e) {
            log.warn("cannot purge mine data of {}", id);
        }
    }

    /** {@code {minion: value}} of {@code alias} for accepted minions the target selects. */
    public Map<String, Object> get(String target, String alias) {
        Target t = Target.parse(target);
        Map<String, Object> out = new TreeMap<>();
        for (MinionKey k : keys.list()) {
            if (k.state() != KeyState.ACCEPTED) continue;
            Map<String, Object> m = data.get(k.id());
            if (m == null || !m.containsKey(alias)) continue;
            if (t.matches(k.id(), registry.grains(k.id()))) out.put(k.id(), m.get(alias));
        }
        return out;
    }
}
