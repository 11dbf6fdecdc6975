package dev.jsalt.minion.inventory;

import dev.jsalt.common.wire.JobRequest;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.functions.ExecFunction;
import dev.jsalt.minion.functions.FunctionContext;
import dev.jsalt.minion.functions.FunctionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code inventory.collect}: what this host runs and how it is configured, for turning a hand-built server into
 * states ({@code jsalt inventory --export}). Read-only: it runs listing commands and reads files, nothing else.
 *
 * <p>Args: section names to collect (default all: packages, services, listening, ufw, tinc, mysql, users, cron).
 * A section that fails carries {@code {"error": "..."}}; the function still succeeds with the rest.
 */
public final class Inventory implements ExecFunction {
    private static final Logger log = LoggerFactory.getLogger(Inventory.class);
    public static final String FUNCTION = "inventory.collect";
    private static final List<Section> SECTIONS = List.of(new Packages(), new Services(), new Listeners(), new Firewall(),
            new Tinc(), new Mysql(), new Users(), new Cron());

    private final Path root;

    public Inventory() { this(Path.of("/")); }

    /** Reads files below {@code root} instead of "/" (tests). */
    public Inventory(Path root) { this.root = root; }

    public static Set<String> sectionNames() {
        return new java.util.TreeSet<>(SECTIONS.stream().map(Section::name).toList());
    }

    @Override
    public FunctionResult call(JobRequest job, FunctionContext ctx) {
        List<String> wanted = new ArrayList<>();
        for (Object a : job.args()) wanted.add(String.valueOf(a));
        for (String w : wanted) {
            if (!sectionNames().contains(w)) {
                return FunctionResult.failed(1, "unknown inventory section '" + w + "' (known: " + String.join(", ", sectionNames()) + ")");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", ctx.minionId());
        Object role = ctx.grains().get().get("role");
        out.put("role", role == null ? null : String.valueOf(role));
        out.put("collected_at", java.time.Instant.now().toString());
        out.putAll(collect(ctx.commands(), wanted));
        return FunctionResult.ok(out);
    }

    /** The sections named (all when empty), each its value or {@code {"error": ...}}. */
    public Map<String, Object> collect(CommandRunner commands, List<String> only) {
        Host host = new Host(root, commands);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Section s : SECTIONS) {
            if (!only.isEmpty() && !only.contains(s.name())) continue;
            long t = System.nanoTime();
            try {
                out.put(s.name(), s.collect(host));
            } catch (Exception e) {
                String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                log.warn("inventory section {} failed: {}", s.name(), msg);
                out.put(s.name(), Map.of("error", msg));
            }
            log.debug("inventory section {} took {} ms", s.name(), (System.nanoTime() - t) / 1_000_000);
        }
        return out;
    }
}
