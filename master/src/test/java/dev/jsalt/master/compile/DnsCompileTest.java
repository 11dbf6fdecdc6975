package dev.jsalt.master.compile;

import dev.jsalt.common.state.Resource;
import dev.jsalt.master.statetree.DirStateTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dns states as docs/states/dns.md writes them, compiled against the full catalog with a !secret pillar. */
class DnsCompileTest {
    @TempDir
    Path dir;

    StateCompiler compiler() {
        Fixtures.write(dir.resolve("pillar"), "top.sls", "base:\n  'ops1':\n    - dns\n",
                "dns.sls", "dns:\n  cloudflare_token: !secret 'cf-token-123'\n  tsig_secret: !secret 'c2VjcmV0'\n");
        return new StateCompiler(new DirStateTree(dir.resolve("states")), new DirStateTree(dir.resolve("pillar")),
                FunctionCatalog.standard(), MineView.EMPTY);
    }

    @Test
    void tokensFromPillarStaySecretsAndArgumentsAreChecked() {
        Fixtures.write(dir.resolve("states"), "dns.sls", """
                blog.example.test:
                  dns.record_present:
                    - zone: example.test
                    - values: [203.0.113.10]
                    - ttl: 60
                    - provider: cloudflare
                    - api_token: {{ pillar['dns']['cloudflare_token'] | tojson }}
                    - verify: true
                core:
                  dns.record_absent:
                    - zone: example.test
                    - provider: rfc2136
                    - nameserver: 127.0.0.1:5353
                    - tsig_key_name: jsalt-update
                    - tsig_secret: {{ pillar['dns']['tsig_secret'] | tojson }}
                """, "bad.sls", "x:\n  dns.record_present:\n    - zone: example.test\n    - value: 192.0.2.1\n    - provider: cloudflare\n",
                "badttl.sls", "x:\n  dns.record_present:\n    - zone: example.test\n    - values: 192.0.2.1\n    - ttl: [1]\n    - provider: cloudflare\n");
        StateCompiler c = compiler();
        List<Resource> rs = c.compile("ops1", Map.of(), List.of("dns")).resources();
        assertEquals(Map.of("$secret", "cf-token-123"), rs.get(0).args().get("api_token"));
        assertEquals(List.of("203.0.113.10"), rs.get(0).args().get("values"));
        assertEquals(Map.of("$secret", "c2VjcmV0"), rs.get(1).args().get("tsig_secret"));
        String e = assertThrows(CompileException.class, () -> c.compile("ops1", Map.of(), List.of("bad"))).getMessage();
        assertTrue(e.startsWith("bad.sls:4:7: argument 'value' is not an argument of dns.record_present in dns.record_present 'x' (did you mean 'values'?"), e);
        assertEquals("badttl.sls:5:7: argument 'ttl' of dns.record_present 'x' must be an int, found a list",
                assertThrows(CompileException.class, () -> c.compile("ops1", Map.of(), List.of("badttl"))).getMessage());
    }
}
