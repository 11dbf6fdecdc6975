package dev.jsalt.e2e.states;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import dev.jsalt.e2e.junit.LabExtension;
import dev.jsalt.e2e.lab.Boot;
import dev.jsalt.e2e.lab.ExecResult;
import dev.jsalt.e2e.lab.LabHost;
import dev.jsalt.e2e.lab.ScratchDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Salt's template functions are asked of the minion a document is compiled for: a template calling
 * {@code salt['file.file_exists']} and {@code salt['user.info']} renders, on a real master with two real minions on
 * booted lab hosts (each with its own /etc/passwd and /srv), each minion's own answers — two minions, two different
 * answers — and {@code jsalt show} names the calls and what each minion answered.
 */
class MinionAnswersLabTest {
    private static final Path TREE = tree();

    @RegisterExtension
    static final LabExtension LAB = LabExtension.fleet(b -> b.host("salt", 2)
            .host("web1", 10, "web", Boot.SYSTEMD).host("web2", 11, "web", Boot.SYSTEMD)
            .master("salt").masterConfig("state_tree", Map.of("dir", TREE.toString())));

    private static Path tree() {
        try {
            Path dir = ScratchDirs.create("jsalt-answers-tree-");
            Files.writeString(dir.resolve("top.sls"), "base:\n  'role=web':\n    - motd\n");
            Files.writeString(dir.resolve("motd.sls"), String.join("\n",
                    "{%- set deploy = salt['user.info']('deploy') %}",
                    "motd:",
                    "  file.managed:",
                    "    - name: /srv/motd",
                    "    - contents: |",
                    "        flag={{ salt['file.file_exists']('/srv/flag') }}",
                    "        deploy_home={{ deploy.get('home', 'none') }}",
                    "        deploy_uid={{ deploy.get('uid', 'none') }}",
                    ""));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ExecResult jsalt(String... args) {
        ExecResult r = LAB.lab().jsalt(List.of(args), Duration.ofSeconds(120));
        assertEquals(0, r.exit(), () -> String.join(" ", args) + ": " + r.stdout() + r.stderr());
        return r;
    }

    @Test
    void eachMinionsOwnAnswersRenderItsDocument() {
        LabHost web1 = LAB.host("web1");
        LabHost web2 = LAB.host("web2");
        web1.check("touch", "/srv/flag");
        web1.check("useradd", "--uid", "2345", "--home-dir", "/home/deploy-web1", "--no-create-home", "deploy");
        assertTrue(!web2.exists("/srv/flag") && web2.exec("id", "deploy").exit() != 0, "web2 has neither");

        jsalt("apply", "role=web");
        assertEquals("flag=True\ndeploy_home=/home/deploy-web1\ndeploy_uid=2345\n", web1.readFile("/srv/motd"));
        assertEquals("flag=False\ndeploy_home=none\ndeploy_uid=none\n", web2.readFile("/srv/motd"));

        JsonNode shown = Json.tree(jsalt("show", "role=web", "--output", "json").stdout().getBytes(StandardCharsets.UTF_8));
        JsonNode a1 = shown.path("web1").path("minion_answers");
        JsonNode a2 = shown.path("web2").path("minion_answers");
        assertEquals(2, a1.size(), shown.toString());
        assertEquals("user.info(\"deploy\")", a1.get(0).path("call").asText(), a1.toString());
        assertEquals("/home/deploy-web1", a1.get(0).path("ok").path("home").asText(), a1.toString());
        assertEquals("file.file_exists(\"/srv/flag\")", a1.get(1).path("call").asText(), a1.toString());
        assertEquals(true, a1.get(1).path("ok").asBoolean(), a1.toString());
        assertEquals(0, a2.get(0).path("ok").size(), "no such user on web2: " + a2);
        assertEquals(false, a2.get(1).path("ok").asBoolean(), a2.toString());
    }
}
