package dev.jsalt.master.compile.sls;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * master.yaml's {@code cmd_run_shell}: in the SLS it names, a cmd.run or cmd.wait whose command is a string and whose
 * state does not say {@code shell} gets {@code shell: true}, so the string runs through /bin/sh as Salt runs it
 * (Salt formulas write {@code a || b}, pipes and redirections in cmd.run). Elsewhere jsalt runs a string without a
 * shell and refuses one with shell operators (docs/states/cmd.md). The document then says {@code shell: true}
 * explicitly, so {@code jsalt show} shows which commands a shell will read.
 */
public final class SaltCmdShell implements ArgRewriter {
    private final List<PathMatcher> sls;

    /** @param globs SLS names or globs ({@code users}, {@code users.*}, {@code *}) */
    public SaltCmdShell(List<String> globs) {
        // SLS names are dotted; as paths with '.' turned into '/', a glob's '*' stays within one level and '**' does not
        this.sls = globs.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g.replace('.', '/'))).toList();
    }

    @Override
    public void rewrite(Target t) {
        if (!t.module().equals("cmd") || !(t.function().equals("run") || t.function().equals("wait"))) return;
        if (t.args().containsKey("shell")) return;
        Object command = t.args().getOrDefault("name", t.name());
        if (!(command instanceof String)) return; // a number or the like: nothing a shell could read differently
        Path name = Path.of(t.sls().replace('.', '/'));
        if (sls.stream().anyMatch(m -> m.matches(name))) t.args().put("shell", true);
    }
}
