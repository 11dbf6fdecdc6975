package dev.jsalt.minion.states.ssh;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.states.sys.Passwd;
import dev.jsalt.minion.states.sys.SystemRoot;
import dev.jsalt.minion.states.sys.TextFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Salt's {@code ssh_auth.present / absent}: one key (the name: a bare key, or a whole authorized_keys line) or every
 * key of a salt:// {@code source} (shipped by the master as {@code source_contents}) in a user's authorized_keys.
 * A key is found by its base64 text; present compares its type, comment and options and rewrites the line when they
 * differ. New files and .ssh directories are the user's, 0600 and 0700. Reference: docs/states/ssh_auth.md.
 */
public final class SshAuthModule implements StateModule {
    static final Params PRESENT = Params.of("ssh_auth.present", "name", "user", "enc", "comment", "source_contents",
            "source_path", "options", "config");
    static final Params ABSENT = Params.of("ssh_auth.absent", "name", "user", "source_contents", "source_path", "config");

    private final SystemRoot sys;

    public SshAuthModule() { this(SystemRoot.REAL); }

    public SshAuthModule(SystemRoot sys) { this.sys = sys; }

    @Override
    public String name() { return "ssh_auth"; }

    @Override
    public Set<String> functions() { return Set.of("present", "absent"); }

    /** The key a state names, completed from its arguments as Salt's ssh_auth does. */
    static AuthorizedKeys.Key named(String name, String enc, String comment, List<String> options) {
        Matcher m = AuthorizedKeys.FULL.matcher(name.strip());
        if (!m.matches()) {
            String[] kc = name.strip().split("\\s+", 2);
            return new AuthorizedKeys.Key(options, enc, kc[0], kc.length == 2 ? kc[1] : comment);
        }
        List<String> opts = m.group(1).isBlank() ? options : AuthorizedKeys.splitOptions(m.group(1).strip());
        String[] comps = m.group(2).split("\\s+", 3);
        return new AuthorizedKeys.Key(opts, comps[0], comps[1], comps.length == 3 ? comps[2] : comment);
    }

    @Override
    public Plan plan(Resource r, RunContext ctx) throws Exception {
        boolean present = r.function().equals("present");
        Args a = Args.of(r, present ? PRESENT : ABSENT);
        String user = a.required("user");
        String config = a.string("config", ".ssh/authorized_keys");
        Optional<String> source = a.string("source_contents");
        String shownSource = a.string("source_path", "the source");

        List<AuthorizedKeys.Key> keys = new ArrayList<>();
        if (source.isPresent()) {
            keys.addAll(AuthorizedKeys.keys(source.get()));
            if (keys.isEmpty()) return Plan.failed("No keys detected in " + shownSource + ". Is file properly formatted?");
        } else {
            String enc = present ? a.string("enc", "ssh-rsa") : "ssh-rsa";
            String comment = present ? a.string("comment", "") : "";
            List<String> options = present ? a.strings("options") : List.of();
            keys.add(named(r.name(), enc, comment, options));
        }
        List<AuthorizedKeys.Key> refined = new ArrayList<>();
        for (AuthorizedKeys.Key k : keys) {
            String enc = SshFiles.refineEnc(k.enc());
            if (enc == null || !SshFiles.base64(k.key()) || k.comment().contains("\n")) {
                return Plan.failed("Invalid public ssh key, most likely has spaces or invalid syntax");
            }
            refined.add(new AuthorizedKeys.Key(k.options(), enc, k.key(), k.comment()));
        }
        Optional<Passwd.User> owner = Passwd.user(sys, user);
        if (owner.isEmpty()) {
            if (!present) return Plan.inSync("User " + user + " does not exist; no key to remove");
            String would = source.isPresent() ? "Keys of " + shownSource + " for user " + user + " are set to be added"
                    : "Key " + refined.get(0).key() + " for user " + user + " is set to be added";
            Map<String, Object> ch = new LinkedHashMap<>();
            ch.put(source.isPresent() ? r.name() : refined.get(0).key(), "New");
            return Plan.change(ch, would, () -> Plan.Done.failed("user " + user + " does not exist"))
                    .assuming("User " + user + " does not exist (an earlier state may create it)");
        }
        Path file = SshFiles.file(sys, owner.get(), config);
        String text = TextFile.read(file);
        return present ? present(r, source.isPresent(), shownSource, user, owner.get(), file, text, refined)
                : absent(r, source.isPresent(), user, file, text, refined);
    }

    private Plan present(Resource r, boolean fromSource, String shownSource, String user, Passwd.User owner, Path file,
                         String text, List<AuthorizedKeys.Key> keys) {
        List<String> statuses = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (AuthorizedKeys.Key k : keys) {
            String st = AuthorizedKeys.check(text, k);
            statuses.add(st);
            if (!st.equals("exists")) lines.add("Set to " + (st.equals("new") ? "add" : "update") + ": " + k.key());
        }
        boolean anyUpdate = statuses.contains("update");
        if (lines.isEmpty()) {
            return Plan.inSync(fromSource ? "All host keys in file " + shownSource + " are already present"
                    : "The authorized host key " + keys.get(0).key() + " is already present for user " + user);
        }
        String shown = fromSource ? r.name() : keys.get(0).key();
        String would = fromSource ? String.join("\n", lines)
                : "Key " + shown + " for user " + user + " is set to be " + (anyUpdate ? "updated" : "added");
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put(shown, anyUpdate ? "Updated" : "New");
        return Plan.change(changes, would, () -> {
            String now = TextFile.read(file);
            String out = now;
            for (AuthorizedKeys.Key k : keys) out = AuthorizedKeys.set(out, k);
            if (!out.equals(now)) SshFiles.write(file, out, owner, "rw-------");
            return Plan.Done.ok("The authorized host key " + shown + " for user " + user + " was " + (anyUpdate ? "updated" : "added"));
        });
    }

    private Plan absent(Resource r, boolean fromSource, String user, Path file, String text, List<AuthorizedKeys.Key> keys) {
        List<String> there = new ArrayList<>();
        for (AuthorizedKeys.Key k : keys) if (!AuthorizedKeys.check(text, k).equals("new")) there.add(k.key());
        if (there.isEmpty()) return Plan.inSync("Key is already absent");
        String shown = fromSource ? r.name() : keys.get(0).key();
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put(shown, "Removed");
        return Plan.change(changes, "Key " + shown + " is set for removal", () -> {
            String now = TextFile.read(file);
            String out = now;
            for (String k : there) out = AuthorizedKeys.remove(out, k);
            if (out != null && !out.equals(now)) SshFiles.write(file, out, null, "rw-------");
            return Plan.Done.ok("Key removed");
        });
    }
}
