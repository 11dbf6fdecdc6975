package dev.jsalt.cloud.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real BIND 9 ({@code named} from Debian's bind9 package) in the foreground on a loopback port, with a temporary
 * configuration: one primary zone that a TSIG key may update ({@code update-policy}), nothing else. For tests and the
 * demo. {@link #close} stops it and removes its directory; tests close it in an {@code @AfterAll}, so it goes even
 * when a test fails, and a shutdown hook stops it if the JVM ends first.
 */
public final class LocalBind implements AutoCloseable {
    public static final String KEY_NAME = "jsalt-update";
    public final String zone;
    /** The TSIG key's secret (base64), hmac-sha256. */
    public final String secret;
    public final int port;
    public final Path dir;
    private final Process process;
    private final Thread hook;

    /** named's path, or null if bind9 is not installed. */
    public static Path named() {
        for (String p : new String[] {"/usr/sbin/named", "/usr/bin/named"}) if (Files.isExecutable(Path.of(p))) return Path.of(p);
        return null;
    }

    /** Why there is no named here, for a skipped test. */
    public static final String MISSING = "named is not installed: apt-get install -y bind9 (e2e/lab-deps.sh installs it for CI)";

    /** Starts named with a primary zone {@code zone} (SOA, NS ns1 → 127.0.0.1, old → 192.0.2.10). */
    public static LocalBind start(String zone) throws Exception {
        Path named = named();
        if (named == null) throw new IllegalStateException(MISSING);
        return new LocalBind(named, zone);
    }

    private LocalBind(Path named, String zone) throws Exception {
        this.zone = zone;
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.secret = Base64.getEncoder().encodeToString(k);
        this.dir = Files.createTempDirectory("jsalt-bind-");
        this.port = freePort();
        Files.writeString(dir.resolve(zone + ".db"), String.join("\n",
                "$TTL 300",
                "@ IN SOA ns1." + zone + ". hostmaster." + zone + ". 1 3600 600 86400 60",
                "@ IN NS ns1." + zone + ".",
                "ns1 IN A 127.0.0.1",
                "old IN A 192.0.2.10",
                ""), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("named.conf"), namedConf(dir.toString(), zone, port, List.of("127.0.0.1"), secret), StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(named.toString(), "-g", "-c", dir.resolve("named.conf").toString(), "-n", "1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("named.log").toFile());
        this.process = pb.start();
        this.hook = new Thread(process::destroyForcibly, "stop-named");
        Runtime.getRuntime().addShutdownHook(hook);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        DnsVerifier v = new DnsVerifier(Duration.ofMillis(500));
        while (true) {
            if (!process.isAlive()) throw new IllegalStateException("named exited " + process.exitValue() + ": " + log());
            if (v.ask(address(), zone, zone, "A").error() == null) break;
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("named did not answer within 20 s: " + log());
            }
            Thread.sleep(100);
        }
    }

    /**
     * A named.conf with one primary zone: the zone file {@code DIR/ZONE.db}, updates (RFC 2136) and zone transfers only
     * with the TSIG key {@link #KEY_NAME} (hmac-sha256, {@code secret}), no recursion, listening on {@code addresses}.
     * Also what the lab's name server runs with (e2e's PublicDns).
     */
    public static String namedConf(String dir, String zone, int port, List<String> addresses, String secret) {
        return String.join("\n",
                "options {",
                "  directory \"" + dir + "\";",
                "  pid-file \"" + dir + "/named.pid\";",
                "  session-keyfile \"" + dir + "/session.key\";",
                "  listen-on port " + port + " { " + String.join("; ", addresses) + "; };",
                "  listen-on-v6 { none; };",
                "  recursion no;",
                "  dnssec-validation no;",
                "  notify no;",
                "};",
                "controls { };",
                "key \"" + KEY_NAME + "\" { algorithm hmac-sha256; secret \"" + secret + "\"; };",
                "zone \"" + zone + "\" {",
                "  type primary;",
                "  file \"" + dir + "/" + zone + ".db\";",
                "  update-policy { grant " + KEY_NAME + " zonesub ANY; };",
                "  allow-transfer { key " + KEY_NAME + "; };",
                "};",
                "");
    }

    public InetSocketAddress address() { return new InetSocketAddress(InetAddress.getLoopbackAddress(), port); }

    public String log() {
        try {
            return Files.readString(dir.resolve("named.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down already
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
