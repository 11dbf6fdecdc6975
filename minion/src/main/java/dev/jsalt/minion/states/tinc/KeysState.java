package dev.jsalt.minion.states.tinc;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.Plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tinc.keys}: this host's RSA key pair, made once by {@code tincd -K} (stdin is not a terminal, so it asks
 * nothing) and never made again while rsa_key.priv exists. The private key stays on this host (mode 0600); the
 * public key, derived from it, is kept in this node's host file, where the mine ({@link TincModule#hostInfo}) reads it.
 */
final class KeysState {
    private static final Duration KEYGEN_TIMEOUT = Duration.ofMinutes(2);
    private static final Path DEFAULT_ETC = Path.of("/etc/tinc");

    private KeysState() {
    }

    static Plan apply(TincRun run) throws IOException {
        String net = run.net();
        String node = run.node();
        long bits = run.args().number("bits").orElse(2048L);
        if (bits < 2048 || bits > 8192) throw run.args().bad("bits", "must be between 2048 and 8192");
        Path priv = run.paths().privateKey(net);
        Map<String, Object> changes = new LinkedHashMap<>();

        String publicKey;
        if (Files.exists(priv, LinkOption.NOFOLLOW_LINKS)) {
            try {
                publicKey = RsaKeys.publicFromPrivate(Files.readString(priv));
            } catch (IllegalArgumentException e) {
                return Plan.failed(priv + " exists but is not usable (" + e.getMessage() + "); it is never replaced "
                        + "automatically: move it away to make a new key pair");
            }
            if (!Files.getPosixFilePermissions(priv, LinkOption.NOFOLLOW_LINKS).equals(ManagedFile.SECRET)) {
                changes.put("rsa_key.priv", "mode set to rw-------");
            }
        } else {
            return Plan.change(Map.of("generated", bits + "-bit RSA key pair"),
                    "tinc " + net + ": a key pair would be generated for " + node, () -> {
                ManagedFile.ensureDir(run.paths().netDir(net));
                String failed = generate(run, bits);
                if (failed != null) return Plan.Done.failed("tinc " + net + ": key generation failed: " + failed);
                Files.setPosixFilePermissions(priv, ManagedFile.SECRET);
                String pub = RsaKeys.publicFromPrivate(Files.readString(priv));
                Map<String, Object> made = new LinkedHashMap<>();
                made.put("generated", bits + "-bit RSA key pair");
                made.put("public_key", pub);
                fileDelta(run, net, node, pub).apply();
                return Plan.Done.ok(made, "tinc " + net + ": key pair generated for " + node);
            });
        }

        // The host file gets exactly the key derived from rsa_key.priv (tincd -K appends, and may leave old blocks).
        FileDelta host = fileDelta(run, net, node, publicKey);
        if (host.changed()) changes.put("public_key", publicKey);

        if (changes.isEmpty()) return Plan.inSync("tinc " + net + ": key pair of " + node + " present");
        return Plan.change(changes, "tinc " + net + ": key files of " + node + " would be fixed", () -> {
            if (changes.containsKey("rsa_key.priv")) Files.setPosixFilePermissions(priv, ManagedFile.SECRET);
            host.apply();
            return Plan.Done.ok("tinc " + net + ": key files of " + node + " fixed");
        });
    }

    private static FileDelta fileDelta(TincRun run, String net, String node, String publicKey) throws IOException {
        Path hostFile = run.paths().hostFile(net, node);
        String current = ManagedFile.read(hostFile).orElse("");
        return FileDelta.of(hostFile, withKey(current, publicKey), ManagedFile.CONFIG);
    }

    /** tincd -n NET -K BITS, with stdin not a terminal so it takes its default file names. */
    private static String generate(TincRun run, long bits) {
        List<String> argv = new ArrayList<>(List.of("tincd", "-n", run.net()));
        if (!run.paths().etc().equals(DEFAULT_ETC)) argv.addAll(List.of("-c", run.paths().netDir(run.net()).toString()));
        argv.add("-K" + bits);
        CommandResult r = run.ctx().run(CommandSpec.of(argv).withStdin("").withTimeout(KEYGEN_TIMEOUT));
        if (!r.ok()) return r.timedOut() ? "tincd -K timed out" : r.lastLine();
        if (!Files.exists(run.paths().privateKey(run.net()))) return "tincd -K wrote no " + run.paths().privateKey(run.net());
        return null;
    }

    /** The host file's config lines, then one blank line and the public key; every PEM block it had is dropped. */
    static String withKey(String hostFile, String publicKey) {
        StringBuilder body = new StringBuilder();
        boolean inPem = false;
        for (String line : hostFile.split("\n", -1)) {
            String s = line.strip();
            if (s.startsWith("-----BEGIN")) { inPem = true; continue; }
            if (s.startsWith("-----END")) { inPem = false; continue; }
            if (!inPem) body.append(line).append('\n');
        }
        String b = body.toString().stripTrailing();
        return b.isEmpty() ? publicKey : b + "\n\n" + publicKey;
    }
}
