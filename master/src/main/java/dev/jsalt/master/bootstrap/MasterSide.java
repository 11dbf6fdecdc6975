package dev.jsalt.master.bootstrap;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the bootstrap needs from this master: where it listens and its fingerprint. Reads master.yaml on its own
 * (only root_dir, bind and port, with the daemon's defaults) so that bootstrap works even while other keys are
 * being edited, and reads the fingerprint the running master writes to {@code <root_dir>/pki/master.fingerprint}.
 */
public record MasterSide(Path rootDir, String bind, int port) {

    public static MasterSide load(Path configDir) throws IOException {
        Path file = configDir.resolve("master.yaml");
        Map<?, ?> map;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            map = doc instanceof Map<?, ?> m ? m : Map.of();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no master config at " + file + " (use -c DIR or $JSALT_CONFIG)");
        }
        Object root = map.get("root_dir");
        Path rootDir = configDir.toAbsolutePath().resolve(root != null ? root.toString() : "/var/lib/jsalt/master").normalize();
        Object bind = map.get("bind");
        Object port = map.get("port");
        int p = port instanceof Number n ? n.intValue() : 4506;
        return new MasterSide(rootDir, bind != null ? bind.toString() : "0.0.0.0", p);
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
