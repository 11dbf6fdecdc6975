package dev.jsalt.e2e.lab;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Resource;
import dev.jsalt.e2e.junit.LabExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The module-author path: apply resources in one host with the minion's LocalApply, no master involved. */
class LocalApplyInLabTest {
    @RegisterExtension
    static final LabExtension LAB = LabExtension.fleet(b -> b.host("a", 10).host("b", 11));

    private static final String FILE = "/etc/tinc/jlab-apply.conf";

    @Test
    void appliesInOneHostOnlyAndIsIdempotent() {
        List<Resource> res = List.of(new Resource(Resource.keyOf("file", "conf", FILE, "managed"), "conf", "file", "managed", FILE,
                Map.of("contents", "Name = a"), List.of(), "lab", "lab.sls", 1, false));

        ApplyResult dry = LAB.apply("a", res, true);
        assertEquals(Outcome.WOULD_CHANGE, dry.get("conf").outcome(), dry.stderr());
        assertFalse(LAB.host("a").exists(FILE), "test mode changes nothing");

        ApplyResult first = LAB.apply("a", res, false);
        assertEquals(0, first.exit(), first.stderr());
        assertEquals(Outcome.CHANGED, first.get("conf").outcome());
        assertEquals("Name = a\n", LAB.host("a").readFile(FILE));
        assertEquals(Outcome.UNCHANGED, LAB.apply("a", res, false).get("conf").outcome());

        assertFalse(LAB.host("b").exists(FILE));
        assertFalse(Files.exists(Path.of(FILE)));
        // LocalApply keeps its state-run lock under the host's private root_dir.
        assertFalse(LAB.host("b").exists("/srv/jsalt/minion"));
    }
}
