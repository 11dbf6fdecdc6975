package dev.jsalt.minion.states.pkgrepo;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.states.sys.SystemRoot;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code apt-get update} after a source changed. Under a root other than {@code /} (tests) apt is pointed at that
 * root's source files, keyrings, lists and cache, so the machine's own apt state is neither read nor written.
 */
final class AptUpdate {
    private AptUpdate() {
    }

    static List<String> argv(SystemRoot root) throws IOException {
        List<String> argv = new ArrayList<>(List.of("apt-get", "update", "-q", "-o", "DPkg::Lock::Timeout=300"));
        if (!root.equals(SystemRoot.REAL)) {
            Files.createDirectories(root.path("/var/lib/apt/lists/partial"));
            Files.createDirectories(root.path("/var/cache/apt/archives/partial"));
            argv.addAll(List.of(
                    "-o", "Dir::Etc::SourceList=" + root.path(AptSources.MAIN),
                    "-o", "Dir::Etc::SourceParts=" + root.path(AptSources.PARTS),
                    "-o", "Dir::Etc::TrustedParts=" + root.path("/etc/apt/trusted.gpg.d"),
                    "-o", "Dir::State::Lists=" + root.path("/var/lib/apt/lists"),
                    "-o", "Dir::Cache=" + root.path("/var/cache/apt")));
        }
        return argv;
    }

    /** Runs it; null when it succeeded, else why not. */
    static String run(RunContext ctx, SystemRoot root) throws IOException {
        CommandResult r = ctx.run(new CommandSpec(argv(root), null, Map.of("DEBIAN_FRONTEND", "noninteractive"),
                Duration.ofMinutes(30), null));
        if (r.ok()) return null;
        return "apt-get update failed: " + r.lastLine();
    }
}
