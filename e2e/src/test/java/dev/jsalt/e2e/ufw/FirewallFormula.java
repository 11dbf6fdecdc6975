package dev.jsalt.e2e.ufw;

import dev.jsalt.common.state.StateDocument;
import dev.jsalt.master.compile.FunctionCatalog;
import dev.jsalt.master.compile.MineView;
import dev.jsalt.master.compile.StateCompiler;
import dev.jsalt.master.statetree.DirStateTree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Compiles the repository's firewall formula (states/tree/firewall) with the master's compiler, against a pillar
 * tree holding one {@code firewall} pillar file (the repository's, or a test's own), for any minion and role.
 */
final class FirewallFormula {
    private final StateCompiler compiler;

    /** @param pillarSls content of the {@code firewall} pillar SLS */
    FirewallFormula(Path scratch, String pillarSls) throws IOException {
        this(scratch, pillarSls, MineView.EMPTY);
    }

    /** @param mine what the compile's {@code mine(...)} calls see */
    FirewallFormula(Path scratch, String pillarSls, MineView mine) throws IOException {
        Path pillar = Files.createDirectories(scratch.resolve("pillar"));
        Files.writeString(pillar.resolve("top.sls"), "base:\n  '*':\n    - firewall\n");
        Files.writeString(pillar.resolve("firewall.sls"), pillarSls);
        compiler = new StateCompiler(new DirStateTree(repo().resolve("states/tree")), new DirStateTree(pillar),
                FunctionCatalog.standard(), mine);
    }

    /** The repository's own example pillar (states/pillar/firewall/init.sls). */
    static String examplePillar() throws IOException {
        return Files.readString(repo().resolve("states/pillar/firewall/init.sls"));
    }

    StateDocument compile(String minionId, String role) {
        return compiler.compile(minionId, role == null ? Map.of() : Map.of("role", role), List.of("firewall"));
    }

    /** The checkout root: the first folder upwards from the working directory that holds states/tree. */
    static Path repo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("states/tree"))) return p;
        }
        throw new IllegalStateException("no states/tree above " + Path.of("").toAbsolutePath());
    }
}
