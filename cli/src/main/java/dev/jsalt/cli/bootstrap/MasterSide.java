package dev.jsalt.cli.bootstrap;

import dev.jsalt.common.config.ConfigFile;
import dev.jsalt.master.config.MasterConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What the bootstrap needs from this master: where it listens and its fingerprint. Reads only root_dir, bind, port
 * and key_port of master.yaml (with the daemon's defaults) so that bootstrap works even while other keys are being edited,
 * and reads the fingerprint the running master writes to {@code <root_dir>/pki/master.fingerprint}.
 */
public record MasterSide(Path rootDir, String bind, int port, int keyPort) {

    public static MasterSide load(Path configDir) {
        Path file = configDir.resolve(MasterConfig.FILE);
        if (!Files.exists(file)) throw new IllegalArgumentException("no master config at " + file + " (use -c DIR or $JSALT_CONFIG)");
        // The daemon's loader, without its unknown-key check: syntax and type errors name file:line like the daemon's.
        ConfigFile c = ConfigFile.load(file);
        Path rootDir = configDir.toAbsolutePath().resolve(c.string("root_dir", "/var/lib/jsalt/master")).normalize();
        int port = c.integer("port", 4506, 1, 65535);
        return new MasterSide(rootDir, c.string("bind", "0.0.0.0"), port, c.integer("key_port", port - 1, 1, 65535));
    }

    public Path fingerprintFile() { return rootDir.resolve("pki").resolve("master.fingerprint"); }

    public String fingerprint() throws IOException {
        try {
            return Files.readString(fingerprintFile(), StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no master fingerprint at " + fingerprintFile()
                    + ": start the master once (it writes that file), and run bootstrap as root or as the jsalt user");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read " + fingerprintFile() + ": run bootstrap as root (sudo jsalt bootstrap ...)");
        }
    }

    /** The address minions should dial when none is given: the bind address if specific, else this host's name. */
    public String defaultMasterHost() {
        if (!bind.equals("0.0.0.0") && !bind.equals("::") && !bind.equals("*")) return bind;
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot tell this master's host name: pass --master HOST[:PORT]");
        }
    }
}
