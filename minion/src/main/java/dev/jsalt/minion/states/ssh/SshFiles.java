package dev.jsalt.minion.states.ssh;

import dev.jsalt.minion.states.sys.Passwd;
import dev.jsalt.minion.states.sys.SystemRoot;
import dev.jsalt.minion.states.sys.TextFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** What ssh_auth and ssh_known_hosts share: key types, the file of a user, writing it as ssh wants it. */
final class SshFiles {
    private SshFiles() {
    }

    /** Salt's _refine_enc: short names to the key type ssh writes. */
    static String refineEnc(String enc) {
        Map<String, String> m = Map.of("rsa", "ssh-rsa", "ssh-rsa", "ssh-rsa", "dsa", "ssh-dss", "dss", "ssh-dss",
                "ssh-dss", "ssh-dss", "ecdsa", "ecdsa-sha2-nistp256", "ed25519", "ssh-ed25519", "ssh-ed25519", "ssh-ed25519");
        String e = enc == null ? "" : enc.strip();
        if (m.containsKey(e)) return m.get(e);
        if (e.matches("ecdsa-sha2-nistp(256|384|521)") || e.matches("sk-(ecdsa-sha2-nistp256|ssh-ed25519)@openssh\\.com")) return e;
        if (e.matches("(ssh|rsa-sha2|sk-[a-z0-9-]+)[a-z0-9@.-]*-cert-v01@openssh\\.com")) return e;
        return null;
    }

    static boolean base64(String key) {
        if (!key.matches("[A-Za-z0-9+/]+={0,2}")) return false;
        try {
            java.util.Base64.getDecoder().decode(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code config} with %h and %u expanded, relative to the home unless absolute (Salt's _get_config_file). */
    static Path file(SystemRoot sys, Passwd.User u, String config) {
        String c = config.replace("%h", u.home()).replace("%u", u.name());
        String abs = c.startsWith("/") ? c : (u.home().endsWith("/") ? u.home() : u.home() + "/") + c;
        return sys.path(abs);
    }

    /**
     * Writes {@code text}; a new file gets mode 0600 and the user, a new directory 0700 and the user, as ssh requires
     * (an existing file keeps its mode and owner).
     */
    static void write(Path file, String text, Passwd.User owner, String newMode) throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            if (owner != null) owner.own(dir);
        }
        boolean existed = Files.exists(file);
        TextFile.write(file, text, newMode);
        if (!existed && owner != null) owner.own(file);
    }
}
