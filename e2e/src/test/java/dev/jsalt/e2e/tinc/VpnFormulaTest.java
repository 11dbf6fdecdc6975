package dev.jsalt.e2e.tinc;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Requisite;
import dev.jsalt.common.state.RequisiteKind;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.compile.FunctionCatalog;
import dev.jsalt.master.compile.MineView;
import dev.jsalt.master.compile.StateCompiler;
import dev.jsalt.master.statetree.DirStateTree;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.SecretOpener;
import dev.jsalt.minion.state.StateEngine;
import dev.jsalt.minion.state.StateModules;
import dev.jsalt.minion.states.tinc.TincModule;
import dev.jsalt.minion.states.tinc.TincPaths;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vpn formula (states/tree/vpn) compiled by the master's compiler with the example pillar and a mine holding
 * what minions' {@code tinc.host} publishes: a true mesh of the members with keys, addresses from pillar or derived,
 * running watching the rest; and the document it yields is accepted by the minion's tinc module.
 */
class VpnFormulaTest {
    @TempDir
    static Path scratch;
    private static final Map<String, String> KEYS = new LinkedHashMap<>();
    private static final List<String> targets = new ArrayList<>();
    private static StateCompiler compiler;

    @BeforeAll
    static void compiler() throws Exception {
        for (String id : List.of("app1", "app2", "db1", "db2", "web-3")) KEYS.put(id, publicKey());
        Path pillar = Files.createDirectories(scratch.resolve("pillar"));
        Files.writeString(pillar.resolve("top.sls"), "base:\n  '*':\n    - vpn\n");
        Files.writeString(pillar.resolve("vpn.sls"), Files.readString(repo().resolve("states/pillar/vpn/init.sls")));
        compiler = new StateCompiler(new DirStateTree(repo().resolve("states/tree")), new DirStateTree(pillar),
                FunctionCatalog.standard(), VpnFormulaTest::mine);
    }

    /** What the master's mine returns for tinc.host: published data of app1, app2, db1, db2, web-3; cache1 has no key yet. */
    private static Map<String, Object> mine(String target, String key) {
        targets.add(target + " " + key);
        if (!key.equals("tinc.host")) return Map.of();
        Map<String, Object> out = new LinkedHashMap<>();
        int[] octet = {10, 11, 40, 41, 53};
        int i = 0;
        for (Map.Entry<String, String> e : KEYS.entrySet()) {
            String node = TincModule.nodeName(e.getKey());
            out.put(e.getKey(), Map.of("node", node, "address", "10.77.0." + octet[i], "subnet", "10.88.0." + octet[i] + "/32",
                    "port", 655, "public_key", e.getValue()));
            i++;
        }
        out.put("cache1", Map.of("node", "cache1", "address", "10.77.0.20", "subnet", "10.88.0.20/32", "port", 655));
        return out;
    }

    private static StateDocument compile(String id, String role, String eth1) {
        Map<String, Object> grains = Map.of("role", role, "ip4_interfaces", Map.of("eth1", List.of(eth1), "lo", List.of("127.0.0.1")));
        return compiler.compile(id, grains, List.of("vpn"));
    }

    @Test
    void db1MeshesWithEveryMemberThatPublishedAKey() {
        StateDocument doc = compile("db1", "db", "10.77.0.40");
        assertTrue(targets.contains("role=vpn or role=db or role=app or role=cache or role=core tinc.host"), targets::toString);
        Map<String, Resource> r = byId(doc);
        assertEquals(List.of("vpn-package", "vpn-network", "vpn-keys", "vpn-up", "vpn-hosts", "vpn-running"), List.copyOf(r.keySet()));

        Resource network = r.get("vpn-network");
        assertEquals("vpn", network.args().get("netname"));
        assertEquals("db1", network.args().get("node"));
        assertEquals(List.of("app1", "app2", "db2", "web_3"), network.args().get("connect_to"), "everyone else with a key, never itself");
        assertEquals("10.88.0.40/24", r.get("vpn-up").args().get("address"), "from pillar vpn:addresses");

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> hosts = (Map<String, Map<String, Object>>) r.get("vpn-hosts").args().get("hosts");
        assertEquals(List.of("app1", "app2", "db1", "db2", "web_3"), hosts.keySet().stream().sorted().toList());
        assertEquals(Map.of("address", "10.77.0.40", "subnet", "10.88.0.40/32", "port", 655), hosts.get("db1"),
                "its own entry comes from local facts; the module keeps the key on its disk");
        assertEquals(KEYS.get("db2"), hosts.get("db2").get("public_key"));
        assertEquals("10.77.0.41", hosts.get("db2").get("address"));
        assertEquals(true, r.get("vpn-hosts").args().get("exact"));

        List<String> watched = r.get("vpn-running").requisites().stream().filter(q -> q.kind() == RequisiteKind.WATCH)
                .map(Requisite::target).toList();
        assertEquals(List.of(r.get("vpn-network").key(), r.get("vpn-up").key(), r.get("vpn-hosts").key()), watched);
    }

    @Test
    void aHostOutsideThePillarGetsAnAddressFromItsPublicOneAndANodeNameFromItsId() {
        Map<String, Resource> r = byId(compile("web-3", "app", "10.77.0.53"));
        assertEquals("10.88.0.53/24", r.get("vpn-up").args().get("address"));
        assertEquals("web_3", r.get("vpn-network").args().get("node"));
        assertFalse(((List<?>) r.get("vpn-network").args().get("connect_to")).contains("web_3"));
    }

    @Test
    void anEmptyMineNeverTearsTheMeshDown() throws Exception {
        StateCompiler noMine = new StateCompiler(new DirStateTree(repo().resolve("states/tree")),
                new DirStateTree(scratch.resolve("pillar")), FunctionCatalog.standard(), MineView.EMPTY);
        Map<String, Resource> r = byId(noMine.compile("db1", Map.of("role", "db", "ip4_interfaces", Map.of("eth1", List.of("10.77.0.40"))),
                List.of("vpn")));
        assertEquals(false, r.get("vpn-hosts").args().get("exact"));
        assertEquals(List.of(), r.get("vpn-network").args().get("connect_to"));
        assertEquals(List.of("db1"), List.copyOf(((Map<?, ?>) r.get("vpn-hosts").args().get("hosts")).keySet()));
    }

    @Test
    void noPublicAddressIsACompileErrorNamingTheMinion() {
        CompileException e = assertThrows(CompileException.class,
                () -> compiler.compile("lost9", Map.of("role", "app"), List.of("vpn")));
        assertTrue(e.getMessage().contains("no public address for lost9"), e.getMessage());
    }

    @Test
    void theMinionModuleAcceptsTheCompiledDocument(@TempDir Path root) throws Exception {
        StateDocument doc = compile("db1", "db", "10.77.0.40");
        // the tinc resources only (pkg would install tinc here), minus their requisite on the package
        List<Resource> tinc = doc.resources().stream().filter(x -> x.module().equals("tinc"))
                .map(x -> new Resource(x.key(), x.id(), x.module(), x.function(), x.name(), x.args(),
                        x.requisites().stream().filter(q -> q.target().startsWith("tinc_")).toList(), x.sls(), x.file(), x.line(), x.failhard()))
                .toList();
        TincPaths paths = new TincPaths(Files.createDirectories(root.resolve("etc")), Files.createDirectories(root.resolve("run")),
                Files.createDirectories(root.resolve("log")));
        RunContext ctx = new RunContext(true, new CommandRunner(), Map.of("id", "db1"), root.resolve("state"));
        List<StateResult> results = new StateEngine(StateModules.of(new TincModule(paths)), SecretOpener.refusing())
                .run(new StateDocument("db1", doc.source(), tinc), ctx);
        assertTrue(results.stream().allMatch(x -> x.outcome() == Outcome.WOULD_CHANGE), results::toString);
        assertEquals(List.of("db1", "app1", "app2", "db2", "web_3").stream().sorted().toList(),
                results.stream().filter(x -> x.id().equals("vpn-hosts")).findFirst().orElseThrow().changes().get("added"));
        try (var files = Files.list(paths.etc())) {
            assertEquals(0, files.count(), "test mode wrote nothing");
        }
    }

    private static Map<String, Resource> byId(StateDocument doc) {
        Map<String, Resource> m = new LinkedHashMap<>();
        doc.resources().forEach(x -> m.put(x.id(), x));
        return m;
    }

    /** A fresh RSA public key in tinc's PKCS#1 PEM form (1024 bits: realistic shape, fast to make). */
    private static String publicKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        var pub = (java.security.interfaces.RSAPublicKey) g.generateKeyPair().getPublic();
        byte[] der = new RSAPublicKey(pub.getModulus(), pub.getPublicExponent()).getEncoded();
        return "-----BEGIN RSA PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END RSA PUBLIC KEY-----\n";
    }

    private static Path repo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("states/tree"))) return p;
        }
        throw new IllegalStateException("no states/tree above " + Path.of("").toAbsolutePath());
    }
}
