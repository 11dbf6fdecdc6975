package dev.jsalt.e2e.cloud;

import dev.jsalt.e2e.lab.ExecResult;
import dev.jsalt.e2e.lab.LabHost;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a droplet's user-data in a lab host as cloud-init does on first boot, as root: {@code write_files} (content,
 * permissions, owner; parent directories made), then {@code runcmd} in order, a list item as argv and a string through
 * {@code sh -c}, going on after a failing command as cloud-init's runcmd script does (it has no {@code set -e}). Other
 * keys are ignored and named in the log. The log (the host's {@code logs/cloud-init.log}) names paths and commands,
 * never file contents: the user-data carries the enrolment token.
 */
public final class CloudInit {
    /** Parent directories as cloud-init makes them (0755), the file itself private until its mode is set. */
    private static final String WRITE_FILE = "umask 022 && mkdir -p -- \"$(dirname -- \"$1\")\" && umask 077 && cat > \"$1\""
            + " && chmod \"$2\" -- \"$1\" && chown \"$3\" -- \"$1\"";
    private static final Set<String> HANDLED = Set.of("write_files", "runcmd");
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    /** One thing cloud-init did and how it ended (exit 0: fine). */
    public record Step(String what, int exit) {
    }

    /** Every step of one run. */
    public record Result(List<Step> steps) {
        public boolean ok() { return steps.stream().allMatch(s -> s.exit() == 0); }

        /** The failed steps, one per line, for a report. */
        public String failures() {
            StringBuilder sb = new StringBuilder();
            for (Step s : steps) if (s.exit() != 0) sb.append(s.what()).append(": exit ").append(s.exit()).append('\n');
            return sb.toString().strip();
        }
    }

    private CloudInit() {
    }

    public static Result run(LabHost host, String userData, Path log) {
        List<Step> steps = new ArrayList<>();
        if (userData == null || !userData.startsWith("#cloud-config")) {
            note(log, "user-data is not #cloud-config (the only format this lab runs); nothing done");
            steps.add(new Step("user-data format", 1));
            return new Result(steps);
        }
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(userData);
        if (!(doc instanceof Map<?, ?> config)) {
            note(log, "user-data is not a YAML mapping; nothing done");
            steps.add(new Step("user-data format", 1));
            return new Result(steps);
        }
        for (Object key : config.keySet()) if (!HANDLED.contains(String.valueOf(key))) note(log, "ignored: " + key);
        if (config.get("write_files") instanceof List<?> files) {
            for (Object f : files) steps.add(writeFile(host, (Map<?, ?>) f, log));
        }
        if (config.get("runcmd") instanceof List<?> commands) {
            for (Object c : commands) steps.add(runCommand(host, c, log));
        }
        note(log, "cloud-init finished: " + (new Result(steps).ok() ? "ok" : "failed"));
        return new Result(steps);
    }

    private static Step writeFile(LabHost host, Map<?, ?> f, Path log) {
        String path = String.valueOf(f.get("path"));
        String mode = f.containsKey("permissions") ? String.valueOf(f.get("permissions")) : "0644";
        String owner = f.containsKey("owner") ? String.valueOf(f.get("owner")) : "root:root";
        byte[] content = String.valueOf(f.get("content") == null ? "" : f.get("content")).getBytes(StandardCharsets.UTF_8);
        ExecResult r = host.exec(List.of("/bin/sh", "-c", WRITE_FILE, "write_files", path, mode, owner), COMMAND_TIMEOUT, content);
        note(log, "write_files " + path + " (" + mode + ", " + owner + "): exit " + r.exit() + stderr(r));
        return new Step("write_files " + path, r.exit());
    }

    private static Step runCommand(LabHost host, Object item, Path log) {
        List<String> argv = new ArrayList<>();
        if (item instanceof List<?> l) {
            for (Object a : l) argv.add(String.valueOf(a));
        } else {
            argv.addAll(List.of("/bin/sh", "-c", String.valueOf(item)));
        }
        ExecResult r = host.exec(argv, COMMAND_TIMEOUT, null);
        note(log, "runcmd " + argv + ": exit " + r.exit() + (r.stdout().isBlank() ? "" : "\n" + r.stdout().strip()) + stderr(r));
        return new Step("runcmd " + argv, r.exit());
    }

    private static String stderr(ExecResult r) {
        return r.stderr().isBlank() ? "" : "\n" + r.stderr().strip();
    }

    private static void note(Path log, String line) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log, e);
        }
    }
}
