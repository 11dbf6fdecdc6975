package dev.jsalt.master.compile;

import dev.jsalt.common.state.Requisite;
import dev.jsalt.common.state.RequisiteKind;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.master.statetree.DirStateTree;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compiles src/test/resources/compile/salt-tree: ordinary Salt formulas written the way Salt users write them. */
class SaltTreeCompileTest {
    private static final Path TREE = tree();
    private static final StateCompiler COMPILER = new StateCompiler(new DirStateTree(TREE.resolve("states")),
            new DirStateTree(TREE.resolve("pillar")), Fixtures.CATALOG, MineView.EMPTY);

    private static final Map<String, Object> APP_GRAINS = Map.of("role", "app", "os_family", "Debian");

    @Test
    void highstateOfAnAppServerFollowsIncludesNamesAndRequisites() {
        StateDocument doc = COMPILER.compile("app1", APP_GRAINS, List.of());

        assertEquals("app1", doc.minionId());
        assertTrue(doc.source().startsWith("dir:"), doc.source());
        assertEquals(List.of(
                "user_|-user_alice_|-alice_|-present",
                "user_|-user_bob_|-bob_|-present",
                "pkg_|-base_packages_|-curl_|-installed",
                "pkg_|-base_packages_|-vim_|-installed",
                "pkg_|-base_packages_|-htop_|-installed",
                "file_|-/etc/motd_|-/etc/motd_|-managed",
                "pkg_|-nginx_|-nginx-full_|-installed",
                "file_|-nginx_config_|-/etc/nginx/nginx.conf_|-managed",
                "service_|-nginx_|-nginx_|-running"), keys(doc));

        Resource alice = doc.resources().get(0);
        assertEquals(Map.of("shell", "/bin/zsh", "groups", List.of("sudo", "adm")), alice.args());
        assertEquals("common.users", alice.sls());
        assertEquals("common/users.sls", alice.file());
        assertEquals(Map.of("shell", "/bin/bash"), doc.resources().get(1).args());

        Resource motd = byKey(doc, "file_|-/etc/motd_|-/etc/motd_|-managed");
        assertEquals(Map.of("contents", "Welcome on app1", "mode", "0644"), motd.args());
        assertEquals(6, motd.line());

        Resource config = byKey(doc, "file_|-nginx_config_|-/etc/nginx/nginx.conf_|-managed");
        assertEquals("nginx-worker", config.args().get("user"), "pillar nginx:lookup merged over the map.jinja default");
        assertEquals("# Managed by jsalt for app1 (Debian)\nuser nginx-worker;\nworker_processes auto;\n", config.args().get("contents"),
                "salt:// source rendered on the master with grains, pillar, the map.jinja import and defaults:");
        assertEquals("salt://nginx/files/nginx.conf", config.args().get("source_path"));
        assertEquals("0644", config.args().get("mode"), "unquoted YAML octal 0644 is shipped as the string 0644, not 420");
        assertFalse(config.args().containsKey("source") || config.args().containsKey("template") || config.args().containsKey("defaults"));
        assertEquals(List.of(new Requisite(RequisiteKind.REQUIRE, "pkg_|-nginx_|-nginx-full_|-installed")), config.requisites());

        Resource service = byKey(doc, "service_|-nginx_|-nginx_|-running");
        assertEquals(Map.of("enable", true), service.args());
        assertEquals(List.of(
                new Requisite(RequisiteKind.WATCH, "file_|-nginx_config_|-/etc/nginx/nginx.conf_|-managed"),
                new Requisite(RequisiteKind.REQUIRE, "pkg_|-nginx_|-nginx-full_|-installed")), service.requisites());
    }

    @Test
    void databaseServerGetsItsSecretMarkedAndOrderFirst() {
        StateDocument doc = COMPILER.compile("db1", Map.of("role", "db", "os_family", "Debian"), List.of("mysql"));

        assertEquals(List.of(
                "pkg_|-mysql-server_|-mysql-server_|-installed",
                "cmd_|-mysql_root_password_|-/usr/local/sbin/set-mysql-root-password_|-run",
                "cmd_|-report_failure_|-logger \"mysql setup failed\"_|-run"), keys(doc));
        Resource root = doc.resources().get(1);
        assertEquals(Map.of("env", Map.of("MYSQL_PWD", Map.of("$secret", "s3cr3t-db1"))), root.args());
        assertEquals(List.of(new Requisite(RequisiteKind.ONCHANGES, "pkg_|-mysql-server_|-mysql-server_|-installed")), root.requisites());
        assertEquals(List.of(new Requisite(RequisiteKind.ONFAIL, root.key())), doc.resources().get(2).requisites());
    }

    @Test
    void compoundTargetInTopFileExcludesTheNamedMinion() {
        Map<String, Object> db = Map.of("role", "db", "os_family", "Debian");
        assertEquals(List.of("common", "mysql"), COMPILER.topFor("db1", db));
        assertEquals(List.of("common"), COMPILER.topFor("db2", db));
        assertEquals(List.of("common", "common.packages"), COMPILER.topFor("special1", Map.of()));
        assertEquals(List.of("common", "common.packages"), COMPILER.topFor("cache1", Map.of("role", "cache")));
    }

    @Test
    void pillarIsMergedPerMinionWithSecretsMarked() {
        Map<String, Object> p = COMPILER.pillarFor("db1", Map.of("role", "db"));
        assertEquals(Map.of("root_password", Map.of("$secret", "s3cr3t-db1"), "port", 3306), p.get("mysql"));
        assertEquals("Welcome", ((Map<?, ?>) p.get("common")).get("motd"));
        assertFalse(COMPILER.pillarFor("app1", APP_GRAINS).containsKey("mysql"));
    }

    static List<String> keys(StateDocument doc) {
        return doc.resources().stream().map(Resource::key).toList();
    }

    static Resource byKey(StateDocument doc, String key) {
        return doc.resources().stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow(() -> new AssertionError("no " + key));
    }

    private static Path tree() {
        try {
            return Path.of(SaltTreeCompileTest.class.getResource("/compile/salt-tree").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
