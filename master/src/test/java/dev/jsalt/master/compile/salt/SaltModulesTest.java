package dev.jsalt.master.compile.salt;

import dev.jsalt.jinja.Environment;
import dev.jsalt.jinja.JinjaException;
import dev.jsalt.jinja.RenderRequest;
import dev.jsalt.jinja.value.PyDict;
import dev.jsalt.master.statetree.StateTree;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The salt[...] functions answered on the master, and the calls handed to the minion. */
class SaltModulesTest {
    private final Environment env = SaltTests.register(SaltFilters.register(Environment.builder())).build();
    private final List<MinionCalls.Call> asked = new ArrayList<>();

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private final Map<String, Object> grains = map("id", "web1", "os", "Debian", "os_family", "Debian", "osmajorrelease", 12L,
            "roles", List.of("web", "db"), "ipv4", List.of("10.0.0.5", "127.0.0.1"));
    private final Map<String, Object> pillar = map("users", map("alice", map("uid", 1001L, "groups", List.of("sudo"))),
            "ssh", map("port", 22L, "options", map("UsePAM", "yes")), "list", List.of(1L, 2L), "master", map("fromMaster", "m"));

    private final StateTree tree = new StateTree() {
        final List<String> files = List.of("top.sls", "ssh/init.sls", "ssh/map.jinja", "ssh/files/sshd_config", "users/files/user/alice/.bashrc");

        public Optional<byte[]> read(String path) {
            return Optional.empty();
        }

        public boolean exists(String path) {
            return files.contains(path);
        }

        public List<String> list(String dir) {
            return files.stream().filter(f -> dir.isEmpty() || f.startsWith(dir + "/")).sorted().toList();
        }

        public String source() {
            return "dir:test";
        }
    };

    private String render(String template) {
        SaltContext ctx = new SaltContext("web1", grains, pillar, map("id", "web1", "renderer", "jinja|yaml"),
                (tgt, fun) -> Map.of("web1", "k1", "db1", "k2"), tree, (call, placeholder) -> {
                    asked.add(call);
                    return call.function().equals("user.info") ? map("home", "/home/" + call.args().get(0), "uid", 1000L) : placeholder;
                });
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("salt", SaltModules.salt(ctx));
        vars.put("grains", grains);
        vars.put("pillar", pillar);
        return env.fromString(template).render(RenderRequest.of(vars));
    }

    @Test
    void pillarAndGrainsGetWithSaltsDefaultsAndPaths() {
        assertEquals("22||x|1001|2|yes", render("{{ salt['pillar.get']('ssh:port') }}|{{ salt['pillar.get']('nope') }}|"
                + "{{ salt['pillar.get']('nope', 'x') }}|{{ salt['pillar.get']('users:alice:uid') }}|{{ salt['pillar.get']('list:1') }}|"
                + "{{ salt.pillar.get('ssh:options:UsePAM') }}"));
        assertEquals("12|Debian|db|none", render("{{ salt['grains.get']('osmajorrelease') }}|{{ salt.grains.get('os') }}|"
                + "{{ salt['grains.get']('roles:1') }}|{{ salt['grains.get']('x:y', 'none') }}"));
        assertEquals("{'a': 1, 'port': 22, 'options': {'UsePAM': 'yes'}}", render("{{ salt['pillar.get']('ssh', {'a': 1}, merge=True) }}"));
        assertEquals("[0, 1, 2]", render("{{ salt['pillar.get']('list', [0, 1], merge=True) }}"));
    }

    @Test
    void filterByPicksByGlobAndMergesBaseAndMerge() {
        String t = "{% set m = salt['grains.filter_by']({'default': {'pkg': 'x', 'svc': 's'}, 'Deb*': {'pkg': 'openssh-server'},"
                + " 'RedHat': {'pkg': 'openssh'}}, base='default', merge={'extra': 1}) %}{{ m|dictsort }}";
        assertEquals("[('extra', 1), ('pkg', 'openssh-server'), ('svc', 's')]", render(t));
        assertEquals("db", render("{{ salt['grains.filter_by']({'web': 'web', 'db': 'db'}, grain='roles') if false else "
                + "salt['grains.filter_by']({'db': 'db'}, grain='roles') }}"));
        assertEquals("d", render("{{ salt['grains.filter_by']({'default': 'd', 'RedHat': 'r'}) }}"));
        assertEquals("None", render("{{ salt['grains.filter_by']({'RedHat': 'r'}, merge='') }}"));
    }

    @Test
    void configGetLooksAtOptsGrainsPillarAndMaster() {
        assertEquals("jinja|yaml|Debian|22|m|dflt", render("{{ salt['config.get']('renderer') }}|{{ salt['config.get']('os') }}|"
                + "{{ salt['config.get']('ssh:port') }}|{{ salt['config.get']('fromMaster') }}|{{ salt['config.get']('nope', 'dflt') }}"));
    }

    @Test
    void slsutilDefaultsAndFileHelpers() {
        assertEquals("{'a': {'x': 1, 'y': 2}, 'b': 3}", render("{{ salt['slsutil.merge']({'a': {'x': 1}}, {'a': {'y': 2}, 'b': 3}) }}"));
        assertEquals("{'a': [1, 2, 3]}", render("{{ salt['slsutil.merge']({'a': [1, 2]}, {'a': [2, 3]}, merge_lists=True) }}"));
        assertEquals("{'a': 2}", render("{% set d = {'a': 1} %}{% do salt['slsutil.update'](d, {'a': 2}) %}{{ d }}"));
        assertEquals("yes|no", render("{{ salt['slsutil.boolstr'](true, 'yes', 'no') }}|{{ salt.slsutil.boolstr(0, 'yes', 'no') }}"));
        assertEquals("a: 1\nb:\n- x\n", render("{{ salt['slsutil.serialize']('yaml', {'b': ['x'], 'a': 1}, default_flow_style=False) }}"));
        assertEquals("{'k': 'v'}", render("{{ salt['slsutil.deserialize']('json', '{\"k\": \"v\"}') }}"));
        assertEquals("{'a': 1, 'b': {'c': 2, 'd': 3}}", render("{{ salt['defaults.merge']({'a': 1, 'b': {'c': 2}}, {'b': {'d': 3}}) }}"));
        assertEquals("/etc/ssh|sshd_config|/etc/ssh/sshd_config|/a/c", render("{{ salt['file.dirname']('/etc/ssh/sshd_config') }}|"
                + "{{ salt.file.basename('/etc/ssh/sshd_config') }}|{{ salt['file.join']('/etc', 'ssh', 'sshd_config') }}|"
                + "{{ salt['file.normpath']('/a/b/../c/.') }}"));
        assertEquals("None", render("{{ salt['log.debug']('hello') }}"));
        assertEquals("", render("{%- do salt.log.error('problem') %}"));
    }

    @Test
    void cpListsTheStateTree() {
        assertEquals("['ssh/files/sshd_config', 'ssh/init.sls', 'ssh/map.jinja']", render("{{ salt['cp.list_master'](prefix='ssh/') }}"));
        assertEquals("['users/files/user/alice']", render("{{ salt['cp.list_master_dirs'](prefix='users/files/user/') }}"));
        assertEquals("['ssh', 'top']", render("{{ salt['cp.list_states']() }}"));
    }

    @Test
    void matchersAgainstThisMinion() {
        assertEquals("True False True True True False True True",
                render("{{ salt['match.glob']('web*') }} {{ salt['match.glob']('db*') }} {{ salt['match.list']('a,web1') }} "
                        + "{{ salt['match.grain']('os:debian') }} {{ salt['match.grain']('roles:db') }} {{ salt['match.pillar']('ssh:port:23') }} "
                        + "{{ salt['match.compound']('G@os:Debian and web* and not L@db1') }} {{ salt['match.compound']('( E@db.* or I@ssh:port:22 )') }}"));
    }

    @Test
    void mineGetMapsTargets() {
        assertEquals("{'db1': 'k2', 'web1': 'k1'}|{'db1': 'k2'}", render("{{ salt['mine.get']('*', 'keys') }}|{{ salt['mine.get']('*', 'keys', exclude_minion=True) }}"));
    }

    @Test
    void minionFunctionsAreAskedWithTheirArguments() {
        assertEquals("/home/deploy|False|", render("{{ salt['user.info']('deploy').home }}|{{ salt['file.file_exists']('/etc/x') }}|"
                + "{{ salt.cmd.run('stat -f x', python_shell=false) }}"));
        assertEquals(List.of("user.info(\"deploy\")", "file.file_exists(\"/etc/x\")", "cmd.run(\"stat -f x\", python_shell=false)"),
                asked.stream().map(MinionCalls.Call::describe).toList());
    }

    @Test
    void unknownFunctionsAreErrorsListingWhatIsThere() {
        JinjaException e = assertThrows(JinjaException.class, () -> render("{{ salt['nope.fun']('x') }}"));
        assertTrue(e.getMessage().contains("salt['nope.fun'] is not available in jsalt (available: "), e.getMessage());
        assertTrue(e.getMessage().contains("pillar.get"));
        // Salt says False for the second; jsalt answers every module.function name so a call can list what exists
        assertEquals("True True False", render("{{ 'pillar.get' in salt }} {{ 'nope.fun' in salt }} {{ 'nope' in salt }}"));
        JinjaException e2 = assertThrows(JinjaException.class, () -> render("{{ salt.pillar.nope() }}"));
        assertTrue(e2.getMessage().contains("salt['pillar.nope']"), e2.getMessage());
        JinjaException e3 = assertThrows(JinjaException.class, () -> render("{{ salt['slsutil.renderer']('x') }}"));
        assertTrue(e3.getMessage().contains("slsutil.renderer"));
        assertTrue(SaltModules.masterFunctions().contains("grains.filter_by"));
        assertTrue(SaltModules.minionFunctions().contains("user.info"));
        assertTrue(new PyDict().isEmpty());
    }
}
