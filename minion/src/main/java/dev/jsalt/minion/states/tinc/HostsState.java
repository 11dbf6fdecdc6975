package dev.jsalt.minion.states.tinc;

import dev.jsalt.minion.state.Plan;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code tinc.host}: one hosts/NAME file per member (Address, Subnet, Port, public key). With {@code exact: true}
 * the host files of nodes no longer declared are removed, so after a SIGHUP tincd drops them: that is how a member
 * leaves the mesh. This node's own file keeps the public key derived from its own private key whatever the
 * declaration says (mine data can be stale; the key on disk is the one tincd uses), and is never removed.
 */
final class HostsState {
    private HostsState() {
    }

    static Plan apply(TincRun run) throws IOException {
        String net = run.net();
        String self = run.node();
        boolean exact = run.args().bool("exact", false);
        Map<String, HostEntry> declared = new TreeMap<>();
        List<String> withoutKey = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        for (Map.Entry<String, Object> e : members(run).entrySet()) {
            String name = e.getKey();
            try {
                TincNames.node(name);
            } catch (IllegalArgumentException ex) {
                throw run.args().bad("hosts", "has an invalid member: " + ex.getMessage());
            }
            names.add(name);
            HostEntry entry = HostEntry.fromArgs(name, e.getValue());
            if (name.equals(self)) {
                entry = entry.withPublicKey(ownKey(run, entry));
            } else if (entry.publicKey() == null) {
                // Not published yet (its keys state has not run): keep whatever file it has, write none.
                withoutKey.add(name);
                continue;
            }
            declared.put(name, entry);
        }

        List<FileDelta> writes = new ArrayList<>();
        List<String> added = new ArrayList<>(), updated = new ArrayList<>();
        for (Map.Entry<String, HostEntry> e : declared.entrySet()) {
            FileDelta d = FileDelta.of(run.paths().hostFile(net, e.getKey()), e.getValue().render(), ManagedFile.CONFIG);
            if (!d.changed()) continue;
            writes.add(d);
            (d.before() == null ? added : updated).add(e.getKey());
        }
        List<Path> removals = new ArrayList<>();
        if (exact) {
            for (Path p : hostFiles(run.paths().hostsDir(net))) {
                String name = p.getFileName().toString();
                if (!names.contains(name) && !name.equals(self)) removals.add(p);
            }
        }

        Map<String, Object> changes = new LinkedHashMap<>();
        if (!added.isEmpty()) changes.put("added", added);
        if (!updated.isEmpty()) changes.put("updated", updated);
        if (!removals.isEmpty()) changes.put("removed", removals.stream().map(p -> p.getFileName().toString()).toList());
        String note = withoutKey.isEmpty() ? "" : "; no public key yet for " + String.join(", ", withoutKey);
        String what = "tinc " + net + ": " + declared.size() + " host file(s)";
        if (changes.isEmpty()) return Plan.inSync(what + " up to date" + note);
        return Plan.change(changes, what + " would be updated" + note, () -> {
            ManagedFile.ensureDir(run.paths().hostsDir(net));
            for (FileDelta d : writes) d.apply();
            for (Path p : removals) Files.deleteIfExists(p);
            return Plan.Done.ok(what + " updated" + note);
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> members(TincRun run) {
        Object v = run.args().raw("hosts");
        if (v == null) return Map.of();
        if (!(v instanceof Map<?, ?> m)) throw run.args().bad("hosts", "must be a map of node name to {address, subnet, port, public_key}");
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, val) -> out.put(String.valueOf(k), val));
        return out;
    }

    /** This node's key: derived from rsa_key.priv, else what its host file has, else what was declared. */
    private static String ownKey(TincRun run, HostEntry declared) throws IOException {
        Path priv = run.paths().privateKey(run.net());
        if (Files.isRegularFile(priv)) {
            try {
                return RsaKeys.publicFromPrivate(Files.readString(priv));
            } catch (IllegalArgumentException e) {
                // an unusable private key is tinc.keys' to report
            }
        }
        String onDisk = ManagedFile.read(run.paths().hostFile(run.net(), run.node())).map(RsaKeys::publicIn).orElse(null);
        return onDisk != null ? onDisk : declared.publicKey();
    }

    /** Regular files in hosts/ named like a tinc node (temp files, editor backups and folders are not ours). */
    private static List<Path> hostFiles(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (TincNames.isNode(p.getFileName().toString()) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) out.add(p);
            }
        }
        out.sort(null);
        return out;
    }
}
