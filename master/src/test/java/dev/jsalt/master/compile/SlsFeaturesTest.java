package dev.jsalt.master.compile;

import dev.jsalt.common.state.Requisite;
import dev.jsalt.common.state.RequisiteKind;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.jsalt.master.compile.SaltTreeCompileTest.byKey;
import static dev.jsalt.master.compile.SaltTreeCompileTest.keys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SLS dialect: forms, names, order, requisites and their _in forms, extend and exclude. */
class SlsFeaturesTest {
    @TempDir
    Path dir;

    private StateDocument compile(String... files) {
        Fixtures.write(dir, files);
        return Fixtures.compiler(dir).compile("m1", Map.of(), List.of("a"));
    }

    @Test
    void shortAndLongFormsWithNameDefaultingToId() {
        StateDocument doc = compile("a.sls", """
                vim:
                  pkg.installed: []
                editor:
                  pkg:
                    - installed
                    - name: emacs
                    - refresh: true
                bare:
                  pkg.installed:
                """);
        assertEquals(List.of("pkg_|-vim_|-vim_|-installed", "pkg_|-editor_|-emacs_|-installed", "pkg_|-bare_|-bare_|-installed"), keys(doc));
        assertEquals(Map.of("refresh", true), doc.resources().get(1).args());
        assertEquals(3, doc.resources().get(1).line());
    }

    @Test
    void namesWithPerNameArguments() {
        StateDocument doc = compile("a.sls", """
                dirs:
                  file.directory:
                    - mode: '0755'
                    - names:
                      - /srv/a
                      - /srv/b:
                        - mode: '0700'
                      - /srv/c: {user: www}
                """);
        assertEquals(Map.of("mode", "0755"), doc.resources().get(0).args());
        assertEquals(Map.of("mode", "0700"), doc.resources().get(1).args());
        assertEquals(Map.of("mode", "0755", "user", "www"), doc.resources().get(2).args());
        assertEquals(List.of("/srv/a", "/srv/b", "/srv/c"), doc.resources().stream().map(Resource::name).toList());
    }

    @Test
    void orderFirstLastAndNumbersAroundDeclarationOrder() {
        StateDocument doc = compile("a.sls", """
                one:
                  cmd.run: []
                at-end:
                  cmd.run:
                    - order: last
                two:
                  cmd.run: []
                early:
                  cmd.run:
                    - order: 5
                very-first:
                  cmd.run:
                    - order: first
                almost-last:
                  cmd.run:
                    - order: -1
                """);
        assertEquals(List.of("very-first", "early", "one", "two", "almost-last", "at-end"),
                doc.resources().stream().map(Resource::id).toList());
    }

    @Test
    void requisitesReorderAndInFormsTurnAround() {
        StateDocument doc = compile("a.sls", """
                service:
                  service.running:
                    - name: app
                    - watch:
                      - file: /etc/app.conf
                config:
                  file.managed:
                    - name: /etc/app.conf
                    - require:
                      - pkg: app-pkg
                app-pkg:
                  pkg.installed:
                    - require_in:
                      - file: config
                    - onchanges_in:
                      - cmd: restart-hook
                restart-hook:
                  cmd.run:
                    - onfail:
                      - service
                """);
        assertEquals(List.of("app-pkg", "config", "service", "restart-hook"), doc.resources().stream().map(Resource::id).toList());
        Resource config = byKey(doc, "file_|-config_|-/etc/app.conf_|-managed");
        assertEquals(List.of(new Requisite(RequisiteKind.REQUIRE, "pkg_|-app-pkg_|-app-pkg_|-installed")), config.requisites());
        Resource hook = byKey(doc, "cmd_|-restart-hook_|-restart-hook_|-run");
        assertEquals(List.of(new Requisite(RequisiteKind.ONCHANGES, "pkg_|-app-pkg_|-app-pkg_|-installed"),
                new Requisite(RequisiteKind.ONFAIL, "service_|-service_|-app_|-running")), hook.requisites());
    }

    @Test
    void requisiteOnAnIdWithNamesRequiresEveryName() {
        StateDocument doc = compile("a.sls", """
                svc:
                  service.running:
                    - require:
                      - pkg: deps
                deps:
                  pkg.installed:
                    - names: [libc, libssl]
                """);
        assertEquals(List.of("pkg_|-deps_|-libc_|-installed", "pkg_|-deps_|-libssl_|-installed", "service_|-svc_|-svc_|-running"), keys(doc));
        assertEquals(2, doc.resources().get(2).requisites().size());
    }

    @Test
    void slsRequisiteAndRelativeIncludes() {
        Fixtures.write(dir, "web/init.sls", "include:\n  - .conf\nweb:\n  service.running:\n    - require:\n      - sls: web.conf\n",
                "web/conf.sls", "include:\n  - ..base\nconf1:\n  file.managed: []\nconf2:\n  file.managed: []\n",
                "base.sls", "base-pkg:\n  pkg.installed: []\n");
        StateDocument doc = Fixtures.compiler(dir).compile("m1", Map.of(), List.of("web"));
        assertEquals(List.of("base-pkg", "conf1", "conf2", "web"), doc.resources().stream().map(Resource::id).toList());
        assertEquals(List.of("web", "web.conf", "base"), List.of(doc.resources().get(3).sls(), doc.resources().get(1).sls(), doc.resources().get(0).sls()));
        assertEquals(2, doc.resources().get(3).requisites().size());
    }

    @Test
    void extendAddsArgumentsAndAppendsRequisites() {
        Fixtures.write(dir, "a.sls", """
                include:
                  - b
                extend:
                  nginx:
                    service:
                      - reload: true
                      - watch:
                        - file: extra
                extra:
                  file.managed: []
                """, "b.sls", "nginx:\n  service.running:\n    - enable: true\n    - require:\n      - file: base\nbase:\n  file.managed: []\n");
        StateDocument doc = Fixtures.compiler(dir).compile("m1", Map.of(), List.of("a"));
        Resource nginx = byKey(doc, "service_|-nginx_|-nginx_|-running");
        assertEquals(Map.of("enable", true, "reload", true), nginx.args());
        assertEquals(List.of(new Requisite(RequisiteKind.REQUIRE, "file_|-base_|-base_|-managed"),
                new Requisite(RequisiteKind.WATCH, "file_|-extra_|-extra_|-managed")), nginx.requisites());
    }

    @Test
    void excludeDropsIdsAndSls() {
        Fixtures.write(dir, "a.sls", "include:\n  - b\n  - c\nexclude:\n  - id: b2\n  - sls: c\nmine:\n  cmd.run: []\n",
                "b.sls", "b1:\n  cmd.run: []\nb2:\n  cmd.run: []\n", "c.sls", "c1:\n  cmd.run: []\n");
        StateDocument doc = Fixtures.compiler(dir).compile("m1", Map.of(), List.of("a"));
        assertEquals(List.of("b1", "mine"), doc.resources().stream().map(Resource::id).toList());
    }

    @Test
    void failhardAndYamlOnlyShebang() {
        StateDocument doc = compile("a.sls", "#!yaml\nx:\n  cmd.run:\n    - name: echo {{ not jinja }}\n    - failhard: true\n");
        assertTrue(doc.resources().get(0).failhard());
        assertEquals("echo {{ not jinja }}", doc.resources().get(0).name());
    }

    /**
     * Issue 16 made an include cycle an error; Salt renders one (an SLS it is already rendering is not rendered again)
     * and public formulas rely on it (users-formula, logrotate-formula: the corpus test), so only a self-include is.
     */
    @Test
    void circularIncludesLoadEachFileOnceInSaltsOrder() {
        Fixtures.write(dir, "a.sls", "include: [b]\na1:\n  cmd.run: []\n", "b.sls", "include: [a]\nb1:\n  cmd.run: []\n");
        var doc = Fixtures.compiler(dir).compile("m1", Map.of(), List.of("a"));
        assertEquals(List.of("b1", "a1"), doc.resources().stream().map(r -> r.id()).toList());
    }
}
