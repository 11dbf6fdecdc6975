package dev.jsalt.minion.states.ssh;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.states.sys.Passwd;
import dev.jsalt.minion.states.sys.SystemRoot;
import dev.jsalt.minion.states.sys.TextFile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Salt's {@code ssh_known_hosts.present / absent}. With {@code key} (and {@code enc}) nothing leaves the machine.
 * With only {@code fingerprint}, an existing entry whose key has that fingerprint is enough; otherwise a real run asks
 * the host with {@code ssh-keyscan} and keeps the key with that fingerprint, and fails clearly when the host cannot
 * be reached (a test run reports the change without asking, as Salt's does). The entry replaces the host's earlier
 * ones; it is hashed with {@code hash_known_hosts} (the default). Reference: docs/states/ssh_known_hosts.md.
 */
public final class SshKnownHostsModule implements StateModule {
    static final Params PRESENT = Params.of("ssh_known_hosts.present", "name", "user", "fingerprint", "key", "port",
            "enc", "config", "hash_known_hosts", "timeout", "fingerprint_hash_type");
    static final Params ABSENT = Params.of("ssh_known_hosts.absent", "name", "user", "config", "port");

    private final SystemRoot sys;

    public SshKnownHostsModule() { this(SystemRoot.REAL); }

    public SshKnownHostsModule(SystemRoot sys) { this.sys = sys; }

    @Override
    public String name() { return "ssh_known_hosts"; }

    @Override
    public Set<String> functions() { return Set.of("present", "absent"); }

    @Override
    public Plan plan(Resource r, RunContext ctx) throws Exception {
        boolean present = r.function().equals("present");
        Args a = Args.of(r, present ? PRESENT : ABSENT);
        String name = r.name();
        if (name.isEmpty() || name.matches(".*[\\s,#].*")) throw a.bad("name", "must be one host name or address, got '" + name + "'");
        Optional<String> user = a.string("user");
        String config = a.string("config").orElse(user.isPresent() ? ".ssh/known_hosts" : "/etc/ssh/ssh_known_hosts");
        if (user.isEmpty() && !config.startsWith("/")) return Plan.failed("If not specifying a \"user\", specify an absolute \"config\".");
        Integer port = a.number("port").map(Long::intValue).orElse(null);
        String host = KnownHosts.hostField(name, port);

        Passwd.User owner = null;
        Path file;
        if (user.isPresent()) {
            Optional<Passwd.User> u = Passwd.user(sys, user.get());
            if (u.isEmpty()) {
                if (!present) return Plan.inSync("User " + user.get() + " does not exist");
                return Plan.change(Map.of("new", List.of(Map.of("hostname", name))), "Key for " + name + " is set to be added to " + config,
                                () -> Plan.Done.failed("user " + user.get() + " does not exist"))
                        .assuming("User " + user.get() + " does not exist (an earlier state may create it)");
            }
            owner = u.get();
            file = SshFiles.file(sys, owner, config);
        } else {
            file = sys.path(config);
        }
        String text = TextFile.read(file);
        List<KnownHosts.Entry> have = text == null ? List.of() : KnownHosts.entries(text, host);
        if (!present) {
            if (have.isEmpty()) return Plan.inSync("Host is already absent");
            List<Map<String, Object>> gone = new ArrayList<>();
            for (KnownHosts.Entry e : have) gone.add(e.describe(name, null));
            Map<String, Object> removed = new LinkedHashMap<>();
            removed.put("old", gone);
            removed.put("new", null);
            return Plan.change(removed, "Key for " + name + " is set to be removed from " + config, () -> {
                String now = TextFile.read(file);
                String out = KnownHosts.remove(now, host);
                if (!out.equals(now)) SshFiles.write(file, out, null, "rw-r--r--");
                return Plan.Done.ok("Removed " + name + " from " + config);
            });
        }

        Optional<String> key = a.string("key");
        Optional<String> fingerprint = a.string("fingerprint");
        String hashType = a.string("fingerprint_hash_type").orElse(null);
        if (key.isPresent() && fingerprint.isPresent()) return Plan.failed("Specify either \"key\" or \"fingerprint\", not both.");
        if (key.isEmpty() && fingerprint.isEmpty()) return Plan.failed("Specify either \"key\" or \"fingerprint\".");
        String enc = a.string("enc").map(SshFiles::refineEnc).orElse(null);
        if (a.has("enc") && enc == null) throw a.bad("enc", "is not a key type ssh knows: '" + a.string("enc").get() + "'");
        if (key.isPresent() && enc == null) return Plan.failed("Required argument \"enc\" if using \"key\" argument.");
        if (key.isPresent() && !SshFiles.base64(key.get())) throw a.bad("key", "must be the base64 public key (without its type or comment)");
        boolean hash = a.bool("hash_known_hosts", true);
        int timeout = a.number("timeout").orElse(5L).intValue();

        boolean exists = key.isPresent()
                ? have.stream().anyMatch(e -> e.key().equals(key.get()))
                : have.stream().anyMatch(e -> KnownHosts.hasFingerprint(e.key(), fingerprint.get(), hashType));
        if (exists) return Plan.inSync("Host " + name + " is already in " + config);

        String would = (have.isEmpty() ? "Key for " + name + " is set to be added to " : "Key for " + name + " is set to be updated in ") + config;
        List<Map<String, Object>> old = new ArrayList<>();
        for (KnownHosts.Entry e : have) old.add(e.describe(name, hashType));
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("old", old.isEmpty() ? null : old);
        Map<String, Object> planned = new LinkedHashMap<>();
        planned.put("hostname", name);
        key.ifPresent(k -> {
            planned.put("enc", enc);
            planned.put("key", k);
            planned.put("fingerprint", KnownHosts.fingerprint(k, hashType));
        });
        fingerprint.ifPresent(f -> planned.put("fingerprint", f));
        changes.put("new", List.of(planned));
        Passwd.User fileOwner = owner;
        return Plan.change(changes, would, () -> {
            String useEnc = enc;
            String useKey = key.orElse(null);
            if (useKey == null) {
                List<String> argv = new ArrayList<>(List.of("ssh-keyscan", "-T", String.valueOf(timeout)));
                if (port != null) argv.addAll(List.of("-p", String.valueOf(port)));
                if (enc != null) argv.addAll(List.of("-t", enc));
                argv.add(name);
                CommandResult scan;
                try {
                    scan = ctx.run(CommandSpec.of(argv).withTimeout(Duration.ofSeconds(timeout + 10L)));
                } catch (RuntimeException e) {
                    return Plan.Done.failed("Unable to receive remote host key for " + name + ": " + e.getMessage());
                }
                List<KnownHosts.Entry> found = KnownHosts.entries(scan.stdout(), host);
                if (found.isEmpty()) {
                    return Plan.Done.failed("Unable to receive remote host key for " + name + ": ssh-keyscan got no key (the host"
                            + " must be reachable from the minion to learn its key from a fingerprint; give key and enc instead)");
                }
                KnownHosts.Entry match = found.stream().filter(e -> KnownHosts.hasFingerprint(e.key(), fingerprint.get(), hashType))
                        .findFirst().orElse(null);
                if (match == null) {
                    return Plan.Done.failed("Remote host public keys found but none of their fingerprints match the one you have provided");
                }
                useEnc = match.enc();
                useKey = match.key();
            }
            String now = TextFile.read(file);
            String out = KnownHosts.remove(now, host) + (hash ? KnownHosts.hashed(host) : host) + " " + useEnc + " " + useKey + "\n";
            SshFiles.write(file, out, fileOwner, fileOwner == null ? "rw-r--r--" : "rw-------");
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("old", old.isEmpty() ? null : old);
            done.put("new", List.of(new KnownHosts.Entry("", useEnc, useKey).describe(name, hashType)));
            return Plan.Done.ok(done, name + "'s key saved to " + config + (key.isPresent() ? " (key: " + useKey + ")"
                    : " (fingerprint: " + fingerprint.get() + ")"));
        });
    }
}
