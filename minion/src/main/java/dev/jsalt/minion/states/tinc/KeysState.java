package dev.jsalt.minion.states.tinc;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.StateOutcome;

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

    static StateOutcome apply(TincRun run) throws IOException {
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
                return StateOutcome.failed(priv + " exists but is not usable (" + e.getMessage() + "); it is never replaced "
                        + "automatically: move it away to make a new key pair");
            }
            if (!Files.getPosixFilePermissions(priv, LinkOption.NOFOLLOW_LINKS).equals(ManagedFile.SECRET)) {
                changes.put("rsa_key.priv", "mode set to rw-------");
            }
        } else {
            if (run.test()) {
                return StateOutcome.wouldChange(Map.of("generated", bits + "-bit RSA key pair"),
                        "tinc " + net + ": a key pair would be generated for " + node);
            }
            ManagedFile.ensureDir(run.paths().netDir(net));
            String failed = generate(run, bits);
            if (failed != null) return StateOutcome.failed("tinc " + net + ": key generation failed: " + failed);
            publicKey = RsaKeys.publicFromPrivate(Files.readString(priv));
            changes.put("generated", bits + "-bit RSA key pair");
            changes.put("public_key", publicKey);
        }

        // The host file gets exactly the key derived from rsa_key.priv (tincd -K appends, and may leave old blocks).
        Path hostFile = run.paths().hostFile(net, node);
        String current = ManagedFile.read(hostFile).orElse("");
        FileDelta host = FileDelta.of(hostFile, withKey(current, publicKey), ManagedFile.CONFIG);
        if (host.changed() && !changes.containsKey("public_key")) changes.put("public_key", publicKey);

        if (changes.isEmpty()) return StateOutcome.unchanged("tinc " + net + ": key pair of " + node + " present");
        if (run.test()) return StateOutcome.wouldChange(changes, "tinc " + net + ": key files of " + node + " would be fixed");
        if (changes.containsKey("rsa_key.priv") || changes.containsKey("generated")) {
            Files.setPosixFilePermissions(priv, ManagedFile.SECRET);
        }
        host.apply();
        return StateOutcome.changed(changes, changes.containsKey("generated")
                ? "tinc " + net + ": key pair generated for " + node
                : "tinc " + net + ": key files of " + node + " fixed");
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
