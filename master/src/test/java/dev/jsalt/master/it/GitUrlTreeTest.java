package dev.jsalt.master.it;

import dev.jsalt.common.state.StateDocument;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A state tree given as a git URL is cloned into the master's cache once, and fetched again for every job. */
class GitUrlTreeTest {
    private Fleet fleet;

    @AfterEach
    void tearDown() throws Exception {
        if (fleet != null) fleet.close();
    }

    @Test
    void everyJobCompilesTheCommitTheBranchHasNow() throws Exception {
        fleet = new Fleet();
        Path repo = fleet.dir.resolve("states-repo");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("top.sls"), "base:\n  '*':\n    - app\n");
            Files.writeString(repo.resolve("app.sls"), "app:\n  pkg.installed:\n    - version: '1.0'\n");
            RevCommit first = commit(git, "one");
            fleet.startMaster("state_tree:", "  git: " + repo.toUri(), "  ref: main");
            fleet.startMinion("app1", "app");
            fleet.acceptAndAwaitConnected("app1");

            StateDocument one = fleet.master.states().compile("app1", List.of(), null).get("app1");
            assertEquals(first.name(), one.source());
            assertEquals("1.0", one.resources().get(0).args().get("version"));

            Files.writeString(repo.resolve("app.sls"), "app:\n  pkg.installed:\n    - version: '2.0'\n");
            RevCommit second = commit(git, "two");
            StateDocument two = fleet.master.states().compile("app1", List.of(), null).get("app1");
            assertEquals(second.name(), two.source());
            assertEquals("2.0", two.resources().get(0).args().get("version"));
        }
    }

    private static RevCommit commit(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setSign(false).call();
    }
}
