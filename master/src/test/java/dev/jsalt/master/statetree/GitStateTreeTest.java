package dev.jsalt.master.statetree;

import dev.jsalt.common.state.StateDocument;
import dev.jsalt.master.compile.FunctionCatalog;
import dev.jsalt.master.compile.MineView;
import dev.jsalt.master.compile.StateCompiler;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real repository made with JGit: compile at a tag, at a branch, at a commit id, and through a clone of a URL. */
class GitStateTreeTest {
    private static final FunctionCatalog CATALOG = FunctionCatalog.of(Map.of("pkg", Set.of("installed"), "file", Set.of("managed")));

    @TempDir
    Path tmp;

    @Test
    void symlinksAreListedWithTheirTargetsAndNotAsFiles() throws Exception {
        Path work = tmp.resolve("links");
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            write(work, "conf/real.conf", "r\n");
            java.nio.file.Files.createSymbolicLink(work.resolve("conf/current"), Path.of("real.conf"));
            java.nio.file.Files.createSymbolicLink(work.resolve("conf/hostname"), Path.of("/etc/hostname"));
            commit(git, "links");
            try (GitStateTree tree = new GitStateTree(work.toString(), "main", null)) {
                assertEquals(List.of("conf/real.conf"), tree.list("conf"));
                assertEquals(new java.util.TreeMap<>(Map.of("conf/current", "real.conf", "conf/hostname", "/etc/hostname")),
                        tree.symlinks("conf"));
                assertEquals(Map.of(), tree.symlinks("elsewhere"));
            }
        }
    }

    @Test
    void compilesAtEachRefFromTheObjectDatabase() throws Exception {
        Path work = tmp.resolve("states");
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            write(work, "top.sls", "base:\n  '*':\n    - app\n");
            write(work, "app/init.sls", "app:\n  pkg.installed:\n    - version: '1.0'\n");
            RevCommit first = commit(git, "first");
            git.tag().setName("v1").call();
            write(work, "app/init.sls", "app:\n  pkg.installed:\n    - version: '2.0'\n");
            RevCommit second = commit(git, "second");
            // An uncommitted change must not be seen: git trees read commits, not the working folder.
            write(work, "app/init.sls", "app:\n  pkg.installed:\n    - version: 'dirty'\n");

            try (GitStateTree atTag = new GitStateTree(work.toString(), "v1", null);
                 GitStateTree atMain = new GitStateTree(work.toString(), "main", null);
                 GitStateTree atId = new GitStateTree(work.toString(), first.name(), null)) {
                StateDocument v1 = compile(atTag);
                assertEquals(first.name(), v1.source());
                assertEquals("1.0", v1.resources().get(0).args().get("version"));

                StateDocument head = compile(atMain);
                assertEquals(second.name(), head.source());
                assertEquals("2.0", head.resources().get(0).args().get("version"));

                assertEquals(first.name(), compile(atId).source());
                assertEquals(List.of("app/init.sls", "top.sls"), atMain.list(""));
                assertTrue(atMain.exists("app/init.sls"));
                assertFalse(atMain.exists("app"));
                assertThrows(TreePathException.class, () -> atMain.read("../outside"));
            }
        }
    }

    @Test
    void unknownRefIsAClearError() throws Exception {
        Path work = tmp.resolve("r");
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            write(work, "top.sls", "base: {}\n");
            commit(git, "c");
            try (GitStateTree tree = new GitStateTree(work.toString(), "release", null)) {
                assertEquals("git ref 'release' not found in " + work,
                        assertThrows(IllegalArgumentException.class, tree::snapshot).getMessage());
            }
        }
    }

    @Test
    void urlIsClonedBareAndRefreshedOnDemand() throws Exception {
        Path origin = tmp.resolve("origin");
        Path cache = tmp.resolve("cache");
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            write(origin, "top.sls", "base:\n  '*':\n    - app\n");
            write(origin, "app.sls", "app:\n  pkg.installed: []\n");
            RevCommit first = commit(git, "first");
            try (GitStateTree tree = new GitStateTree(origin.toUri().toString(), "main", cache)) {
                assertEquals(first.name(), compile(tree).source());

                write(origin, "app.sls", "app:\n  pkg.installed: []\nconf:\n  file.managed: []\n");
                RevCommit second = commit(git, "second");
                assertEquals(first.name(), compile(tree).source(), "no fetch yet");
                tree.refresh();
                StateDocument doc = compile(tree);
                assertEquals(second.name(), doc.source());
                assertEquals(2, doc.resources().size());
            }
            try (var dirs = Files.list(cache)) {
                Path clone = dirs.findFirst().orElseThrow();
                assertTrue(clone.getFileName().toString().endsWith(".git"));
                assertTrue(Files.isDirectory(clone.resolve("objects")), "bare clone, no working tree");
            }
        }
    }

    private static StateDocument compile(StateTree tree) {
        return new StateCompiler(tree, null, CATALOG, MineView.EMPTY).compile("m1", Map.of(), List.of());
    }

    private static void write(Path root, String path, String content) throws Exception {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private static RevCommit commit(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
    }
}
