package dev.jsalt.master.compile;

import dev.jsalt.common.state.StateDocument;
import dev.jsalt.master.statetree.DirStateTree;
import dev.jsalt.master.statetree.StateTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One job compiles for many minions from one snapshot, which reads each file of the trees once, not once per minion. */
class SnapshotReadsTest {
    @TempDir
    Path dir;

    /** A folder tree that counts how often each path is looked at. */
    private static final class Counting implements StateTree {
        final DirStateTree inner;
        final Map<String, Integer> reads = new ConcurrentHashMap<>();

        Counting(Path root) {
            inner = new DirStateTree(root);
        }

        @Override
        public Optional<byte[]> read(String path) {
            reads.merge(path, 1, Integer::sum);
            return inner.read(path);
        }

        @Override
        public boolean exists(String path) {
            reads.merge(path, 1, Integer::sum);
            return inner.exists(path);
        }

        @Override
        public List<String> list(String dir) {
            return inner.list(dir);
        }

        @Override
        public String source() {
            return inner.source();
        }
    }

    @Test
    void eachFileIsReadOncePerSnapshotWhateverTheNumberOfMinions() {
        Counting states = new Counting(Fixtures.write(dir.resolve("states"),
                "top.sls", "base:\n  '*':\n    - web\n",
                "web/init.sls", "include:\n  - .conf\nnginx:\n  pkg.installed: []\n",
                "web/conf.sls", "/etc/motd:\n  file.managed:\n    - source: salt://web/motd\n    - template: jinja\n",
                "web/motd", "hello {{ grains['id'] }} ({{ pillar['site'] }})\n"));
        Counting pillar = new Counting(Fixtures.write(dir.resolve("pillar"),
                "top.sls", "base:\n  '*':\n    - site\n",
                "site.sls", "site: lab\n"));

        StateCompiler job = new StateCompiler(states, pillar, Fixtures.CATALOG, MineView.EMPTY).snapshot();
        for (String m : List.of("web1", "web2", "web3")) {
            StateDocument doc = job.compile(m, Map.of(), List.of());
            assertEquals("hello " + m + " (lab)\n", doc.resources().get(0).args().get("contents"));
        }

        // One look per distinct path (web.sls is looked for and found missing once, then web/init.sls is used).
        assertEquals(Map.of("top.sls", 1, "web.sls", 1, "web/init.sls", 1, "web/conf.sls", 1, "web/motd", 1),
                states.reads);
        assertEquals(Map.of("top.sls", 1, "site.sls", 1), pillar.reads);
    }
}
