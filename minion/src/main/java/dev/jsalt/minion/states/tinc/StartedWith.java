package dev.jsalt.minion.states.tinc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A fingerprint of the config a SIGHUP does not apply: tinc.conf without its ConnectTo lines (Name, Interface,
 * Mode, Port, AddressFamily...), this node's own Port and Subnet lines, and tinc-up / tinc-down. It is recorded
 * under /run when tincd is (re)started; a watched change that leaves it equal is a reload, anything else a restart.
 * /run is emptied at boot, like the daemon, so a record never outlives the process it describes.
 */
final class StartedWith {
    private StartedWith() {
    }

    static String current(TincPaths paths, String net) throws IOException {
        StringBuilder sb = new StringBuilder();
        String conf = ManagedFile.read(paths.conf(net)).orElse("");
        List<ConfigLines.Line> confLines = ConfigLines.parse(conf);
        for (ConfigLines.Line l : confLines) {
            if (!l.key().equals("connectto")) sb.append(l.key()).append('=').append(l.value()).append('\n');
        }
        String name = ConfigLines.first(confLines, "Name");
        if (TincNames.isNode(name)) {
            List<ConfigLines.Line> own = ConfigLines.parse(ManagedFile.read(paths.hostFile(net, name)).orElse(""));
            for (ConfigLines.Line l : own) {
                if (l.key().equals("port") || l.key().equals("subnet")) sb.append("self.").append(l.key()).append('=').append(l.value()).append('\n');
            }
        }
        sb.append("tinc-up:").append(ManagedFile.read(paths.tincUp(net)).orElse("")).append('\n');
        sb.append("tinc-down:").append(ManagedFile.read(paths.tincDown(net)).orElse("")).append('\n');
        return sha256(sb.toString());
    }

    static Optional<String> recorded(TincPaths paths, String net) throws IOException {
        return ManagedFile.read(paths.startedWith(net)).map(String::strip);
    }

    static void record(TincPaths paths, String net) throws IOException {
        ManagedFile.write(paths.startedWith(net), current(paths, net) + "\n", ManagedFile.CONFIG);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
