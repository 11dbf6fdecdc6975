package dev.jsalt.master.compile;

import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.master.statetree.DirStateTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Salt's template API: salt[...], map.jinja imports, data tags and filters, mine, secrets. */
class TemplateFeaturesTest {
    @TempDir
    Path dir;

    private Map<String, Object> argsOf(String sls, String... files) {
        Fixtures.write(dir.resolve("states"), files);
        StateDocument doc = Fixtures.openCompiler(dir.resolve("states")).compile("web1", Map.of("role", "web", "os_family", "Debian",
                "ip4", List.of("10.0.0.5")), List.of(sls));
        return doc.resources().get(0).args();
    }

    @Test
    void saltGetFunctionsWithDefaultsAndPaths() {
        assertEquals(Map.of("a", "web", "b", "none", "c", "", "d", "10.0.0.5", "e", "web"),
                argsOf("a", "a.sls", """
                        x:
                          cmd.run:
                            - a: {{ salt['grains.get']('role') }}
                            - b: {{ salt['grains.get']('nope:deeper', 'none') }}
                            - c: "{{ salt['pillar.get']('missing') }}"
                            - d: {{ salt['grains.get']('ip4:0') }}
                            - e: {{ salt['config.get']('role', default='x') }}
                        """));
    }

    @Test
    void importYamlAndRelativeFromImportAndLoadYamlBlock() {
        assertEquals(Map.of("port", 8080, "user", "www", "extra", List.of(1, 2), "text", "hello"),
                argsOf("app", "app/defaults.yaml", "port: {{ 8000 + 80 }}\nuser: www\n",
                        "app/map.jinja", "{% import_yaml tpldir ~ '/defaults.yaml' as defaults %}\n{% set app = defaults %}\n",
                        "app/motd.txt", "hello",
                        "app/init.sls", """
                                {% from './map.jinja' import app with context %}
                                {% load_yaml as extra %}
                                - 1
                                - 2
                                {% endload %}
                                {% import_text 'app/motd.txt' as motd %}
                                x:
                                  cmd.run:
                                    - port: {{ app.port }}
                                    - user: {{ app['user'] }}
                                    - extra: {{ extra | json }}
                                    - text: {{ motd }}
                                """));
    }

    @Test
    void filtersTraverseYamlJsonLoadJsonAndPythonStringMethods() {
        assertEquals(Map.of("t", "deep", "y", Map.of("k", List.of("v")), "j", Map.of("a", 1), "l", Map.of("n", 2),
                        "s", List.of("a", "b", "c"), "p", true, "u", "ABC"),
                argsOf("a", "a.sls", """
                        {% set data = {'a': {'b': 'deep'}} %}
                        x:
                          cmd.run:
                            - t: {{ data | traverse('a:b', 'dflt') }}
                            - y: {{ {'k': ['v']} | yaml }}
                            - j: {{ {'a': 1} | tojson }}
                            - l: {{ ('{"n": 2}' | load_json) | json }}
                            - s: {{ 'a,b,c'.split(',') | json }}
                            - p: {{ grains.os_family.startswith('Deb') }}
                            - u: {{ 'abc'.upper() }}
                        """));
    }

    @Test
    void grainsFilterByWithDefaultAndMerge() {
        assertEquals(Map.of("pkg", "apache2", "conf", "/srv/httpd.conf"), argsOf("a", "a.sls", """
                {% set os = salt['grains.filter_by']({
                    'Debian': {'pkg': 'apache2'},
                    'default': {'pkg': 'httpd', 'conf': '/etc/httpd.conf'},
                }, base='default', merge={'conf': '/srv/httpd.conf'}) %}
                x:
                  cmd.run:
                    - pkg: {{ os.pkg }}
                    - conf: {{ os.conf }}
                """));
    }

    @Test
    void mineThroughJsaltFunctionAndSaltMineGet() {
        Fixtures.write(dir.resolve("states"), "a.sls", """
                x:
                  cmd.run:
                    - peers: {{ mine('role=vpn', 'tinc_pubkey') | json }}
                    - salt: {{ salt['mine.get']('role:vpn', 'tinc_pubkey', tgt_type='grain') | json }}
                """);
        MineView mine = (target, key) -> Map.of("target", target, "key", key);
        StateDocument doc = new StateCompiler(new DirStateTree(dir.resolve("states")), null, Fixtures.OPEN, mine)
                .compile("web1", Map.of(), List.of("a"));
        assertEquals(Map.of("peers", Map.of("target", "role=vpn", "key", "tinc_pubkey"),
                "salt", Map.of("target", "G@role:vpn", "key", "tinc_pubkey")), doc.resources().get(0).args());
    }

    @Test
    void secretsSurviveInterpolationButNotTransformation() {
        Path states = dir.resolve("states");
        Path pillar = dir.resolve("pillar");
        Fixtures.write(pillar, "top.sls", "base:\n  '*':\n    - db\n", "db.sls", "db:\n  password: !secret 'p@ss: w0rd'\n  user: app\n");
        Fixtures.write(states, "a.sls", """
                x:
                  file.managed:
                    - name: /etc/app.ini
                    - contents: "user={{ pillar.db.user }} password={{ pillar.db.password }}"
                    - whole: {{ salt['pillar.get']('db:password') }}
                    - plain: {{ pillar.db.user }}
                    - dump: {{ pillar.db | json }}
                """, "bad.sls", "x:\n  cmd.run:\n    - pw: {{ ('x' ~ pillar.db.password) | lower }}\n",
                "named.sls", "x:\n  cmd.run:\n    - name: {{ pillar.db.password }}\n");
        StateCompiler compiler = Fixtures.openCompiler(states, pillar);
        Resource r = compiler.compile("web1", Map.of(), List.of("a")).resources().get(0);
        assertEquals(Map.of("$secret", "user=app password=p@ss: w0rd"), r.args().get("contents"));
        assertEquals(Map.of("$secret", "p@ss: w0rd"), r.args().get("whole"));
        assertEquals("app", r.args().get("plain"));
        assertEquals(Map.of("password", Map.of("$secret", "p@ss: w0rd"), "user", "app"), r.args().get("dump"));

        assertEquals("bad.sls:1:1: a secret pillar value was changed by a filter (secrets can only be inserted as they are) in cmd.run 'x'",
                assertThrows(CompileException.class, () -> compiler.compile("web1", Map.of(), List.of("bad"))).getMessage());
        assertEquals("named.sls:3:7: a secret pillar value cannot be used as a name",
                assertThrows(CompileException.class, () -> compiler.compile("web1", Map.of(), List.of("named"))).getMessage());
    }

    @Test
    void undefinedValuesHaveTheirTestsAndFallbacks() {
        assertEquals(Map.of("a", "fallback", "b", "absent", "c", "none"), argsOf("a", "a.sls", """
                x:
                  cmd.run:
                    - a: {{ grains.nope | default('fallback') }}
                    - b: {% if grains.nope is defined %}present{% else %}absent{% endif %}
                    - c: {{ pillar.get('nope', 'none') }}
                """));
    }

    /** Salt's StrictUndefined: an undefined value used in a test or a loop is an error too, not a quiet false. */
    @Test
    void undefinedInAnIfOrAForIsAnErrorAsInSalt() {
        Path states = dir.resolve("strict");
        Fixtures.write(states, "a.sls", "{% if grains.nope %}x: {cmd.run: []}{% endif %}\n",
                "b.sls", "{% for x in pillar.nope %}{{ x }}: {cmd.run: []}{% endfor %}\n");
        StateCompiler compiler = Fixtures.openCompiler(states);
        String a = assertThrows(CompileException.class, () -> compiler.compile("web1", Map.of(), List.of("a"))).getMessage();
        assertTrue(a.startsWith("a.sls:1: Jinja error: 'dict object' has no attribute 'nope'"), a);
        String b = assertThrows(CompileException.class, () -> compiler.compile("web1", Map.of(), List.of("b"))).getMessage();
        assertTrue(b.startsWith("b.sls:1: Jinja error: 'dict object' has no attribute 'nope'"), b);
    }
}
