package dev.jsalt.master.it;

import dev.jsalt.master.events.EventBus;
import dev.jsalt.master.keys.KeyState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Self-updating membership without the network pieces: minions publish to the mine, a reactor rule re-applies a
 * state rendering the member list whenever a key is accepted or deleted or mine data changes.
 */
class ReactorMineTest {
    private Fleet fleet;

    @AfterEach
    void tearDown() throws Exception {
        if (fleet != null) fleet.close();
    }

    @Test
    void membershipFollowsKeysAndMine() throws Exception {
        fleet = new Fleet();
        Path tree = Files.createDirectories(fleet.dir.resolve("states"));
        Path out = Files.createDirectories(fleet.dir.resolve("out"));
        Files.writeString(tree.resolve("top.sls"), "base:\n  '*':\n    - members\n");
        Files.writeString(tree.resolve("members.sls"), String.join("\n",
                "members:",
                "  file.managed:",
                "    - name: " + out + "/{{ grains['id'] }}.members",
                "    - contents: |",
                "{%- for id, role in mine('*', 'role') | dictsort %}",
                "        {{ id }} {{ role }}",
                "{%- endfor %}",
                ""));
        fleet.startMaster("state_tree:", "  dir: " + tree, "reactor:",
                "  - event: jsalt/key/*/accepted", "    apply: {target: '*', sls: [members]}",
                "  - event: jsalt/key/*/deleted", "    apply: {target: '*', sls: [members]}",
                "  - event: jsalt/mine/*/role", "    apply: {target: '*', sls: [members]}");
        List<String> tags = new CopyOnWriteArrayList<>();
        fleet.master.events().subscribe((EventBus.Event e) -> tags.add(e.tag()));
        String[] mineConf = {"mine_functions:", "  role:", "    mine_function: grains.get", "    args: [role]"};
        fleet.startMinion("vpn1", "vpn", mineConf);
        fleet.startMinion("vpn2", "db", mineConf);

        fleet.acceptAndAwaitConnected("vpn1");
        await().atMost(Duration.ofSeconds(30)).until(() -> read(out.resolve("vpn1.members")).equals("vpn1 vpn\n"));

        fleet.acceptAndAwaitConnected("vpn2");
        await().atMost(Duration.ofSeconds(30)).until(() -> read(out.resolve("vpn1.members")).equals("vpn1 vpn\nvpn2 db\n")
                && read(out.resolve("vpn2.members")).equals("vpn1 vpn\nvpn2 db\n"));
        assertEquals(Map.of("vpn1", "vpn", "vpn2", "db"), fleet.master.mine().get("*", "role"));

        fleet.master.keys().delete("vpn2");
        await().atMost(Duration.ofSeconds(30)).until(() -> read(out.resolve("vpn1.members")).equals("vpn1 vpn\n"));
        assertEquals(Map.of("vpn1", "vpn"), fleet.master.mine().get("*", "role"));
        assertTrue(tags.contains("jsalt/key/vpn2/deleted"), tags.toString());
        assertTrue(tags.stream().anyMatch(t -> t.startsWith("jsalt/reactor/")), tags.toString());
        assertTrue(fleet.master.keys().byId("vpn2").map(k -> k.state() != KeyState.ACCEPTED).orElse(true));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
