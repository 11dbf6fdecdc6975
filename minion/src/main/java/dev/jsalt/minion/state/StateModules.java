package dev.jsalt.minion.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The state modules a minion offers, by name. The master compiler uses {@link #known()} to reject an SLS naming a
 * module or function that does not exist before anything is sent.
 */
public final class StateModules {
    private final Map<String, StateModule> byName;

    private StateModules(Map<String, StateModule> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** Every module shipped with jsalt. To add one, append a line to the list below. */
    public static StateModules standard() {
        return of(List.of(
                new dev.jsalt.minion.states.pkg.PkgModule(),
                new dev.jsalt.minion.states.file.FileModule(),
                new dev.jsalt.minion.states.cmd.CmdModule(),
                new dev.jsalt.minion.states.service.ServiceModule(),
                new dev.jsalt.minion.states.user.UserModule(),
                new dev.jsalt.minion.states.group.GroupModule(),
                new dev.jsalt.minion.states.ufw.UfwModule(),
                new dev.jsalt.minion.states.mysql.MysqlModule(),
                new dev.jsalt.minion.states.tinc.TincModule(),
                new dev.jsalt.minion.states.test.TestModule(),
                new dev.jsalt.minion.states.module.ModuleRun(),
                new dev.jsalt.minion.states.host.HostModule(),
                new dev.jsalt.minion.states.sysctl.SysctlModule(),
                new dev.jsalt.minion.states.timezone.TimezoneModule(),
                new dev.jsalt.minion.states.locale.LocaleModule(),
                new dev.jsalt.minion.states.mount.MountModule(),
                new dev.jsalt.minion.states.ssh.SshAuthModule(),
                new dev.jsalt.minion.states.ssh.SshKnownHostsModule(),
                new dev.jsalt.minion.states.mysql.MysqlDatabaseModule(),
                new dev.jsalt.minion.states.mysql.MysqlUserModule(),
                new dev.jsalt.minion.states.mysql.MysqlGrantsModule(),
                new dev.jsalt.minion.states.dns.DnsModule(),
                new dev.jsalt.minion.states.cron.CronModule(),
                new dev.jsalt.minion.states.debconf.DebconfModule(),
                new dev.jsalt.minion.states.alias.AliasModule(),
                new dev.jsalt.minion.states.git.GitModule(),
                new dev.jsalt.minion.states.pkgrepo.PkgrepoModule(),
                new dev.jsalt.minion.states.archive.ArchiveModule()
        ));
    }

    public static StateModules of(List<? extends StateModule> modules) {
        Map<String, StateModule> m = new LinkedHashMap<>();
        for (StateModule module : modules) {
            if (m.putIfAbsent(module.name(), module) != null) {
                throw new IllegalArgumentException("two state modules named '" + module.name() + "'");
            }
        }
        return new StateModules(m);
    }

    public static StateModules of(StateModule... modules) { return of(List.of(modules)); }

    /** A registry with {@code module} added (or replacing one of the same name), e.g. for tests. */
    public StateModules with(StateModule module) {
        Map<String, StateModule> m = new LinkedHashMap<>(byName);
        m.put(module.name(), module);
        return new StateModules(m);
    }

    public Optional<StateModule> get(String name) { return Optional.ofNullable(byName.get(name)); }

    /** module name → its function names, sorted, for validation and docs. */
    public Map<String, Set<String>> known() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        byName.forEach((name, module) -> out.put(name, Collections.unmodifiableSet(new TreeSet<>(module.functions()))));
        return Collections.unmodifiableMap(out);
    }
}
