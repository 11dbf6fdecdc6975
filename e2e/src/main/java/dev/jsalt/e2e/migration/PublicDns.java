package dev.jsalt.e2e.migration;

import dev.jsalt.cloud.dns.LocalBind;
import dev.jsalt.e2e.lab.Daemon;
import dev.jsalt.e2e.lab.Lab;
import dev.jsalt.e2e.lab.LabHost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The story's public DNS, for real, on lab host {@code ns1}: Debian's BIND 9 is the authoritative server of
 * {@code example.test} (updates only with a TSIG key), and "Cloudflare" is the Cloudflare API v4 stand-in
 * ({@code jsalt cloud cloudflare-stand-in}) in front of it: it starts from the zone as BIND holds it (a signed zone
 * transfer) and writes every change on to BIND by RFC 2136, so a record changed through the Cloudflare API is what
 * every lab host's resolver is answered. Every host's private /etc/resolv.conf points at {@code ns1}.
 *
 * <p>The zone starts as the operator's zone was before the move: the public names {@code blog} and {@code core} on the
 * old app server with their TTL already lowered to 60 s (a day ahead, as the runbook advises: the lab cannot wait out
 * a longer one, and the users are there from the start), and the old servers' own names, TTL 300.
 */
final class PublicDns {
    static final String ZONE = "example.test";
    static final String HOST = "ns1";
    static final int API_PORT = 8443;
    static final String KEY_NAME = LocalBind.KEY_NAME;
    private static final String DIR = "/srv/dns";
    static final String TOKEN_FILE = DIR + "/cloudflare.token";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The Cloudflare API token the stand-in takes and the lab pillar gives the dns formula (this JVM's lab only). */
    static final String API_TOKEN = "jsalt-lab-" + HexFormat.of().formatHex(bytes(24));
    private static final String TSIG_SECRET = Base64.getEncoder().encodeToString(bytes(32));

    private PublicDns() {
    }

    /** {@code api_url} for the dns formula: the stand-in listens on ns1's loopback, where the dns minion runs. */
    static String apiUrl() {
        return "http://127.0.0.1:" + API_PORT + "/client/v4";
    }

    /** Starts named and the stand-in on {@code ns1} and points every host's resolver at it. */
    static void start(Lab lab, String oldFront, String oldDb) {
        LabHost ns = lab.host(HOST);
        ns.check("mkdir", "-p", DIR);
        ns.writeFile(DIR + "/" + ZONE + ".db", String.join("\n",
                "$TTL 300",
                "@ IN SOA ns1." + ZONE + ". hostmaster." + ZONE + ". 1 3600 600 86400 60",
                "@ IN NS ns1." + ZONE + ".",
                "ns1 IN A " + ns.address(),
                "blog " + MigrationStory.LOW_TTL + " IN A " + oldFront,
                "core " + MigrationStory.LOW_TTL + " IN A " + oldFront,
                "app1 IN A " + oldFront,
                "db1 IN A " + oldDb,
                ""));
        ns.writeFile(DIR + "/named.conf", LocalBind.namedConf(DIR, ZONE, 53, List.of(ns.address(), "127.0.0.1"), TSIG_SECRET));
        Daemon named = ns.spawnDaemon("named", List.of("named", "-g", "-c", DIR + "/named.conf", "-n", "1"));
        Poll.until("named on " + HOST + " to answer for " + ZONE, Duration.ofSeconds(30), Duration.ofMillis(200), () -> {
            if (!ns.running(named)) throw new StoryFailure("named on " + HOST + " exited: " + log(named));
            return ns.exec("dig", "+short", "+time=1", "+tries=1", "@" + ns.address(), ZONE, "SOA").stdout().contains("hostmaster");
        });

        secretFile(ns, TOKEN_FILE, API_TOKEN);
        secretFile(ns, DIR + "/tsig.secret", TSIG_SECRET);
        Daemon api = ns.spawnDaemon("cloudflare", lab.jvm(ns).argv(64, dev.jsalt.e2e.lab.JsaltFleet.MAIN, List.of(
                "cloud", "cloudflare-stand-in", "--token-file", TOKEN_FILE, "--zone", ZONE,
                "--port", Integer.toString(API_PORT), "--rfc2136", "127.0.0.1:53",
                "--tsig-key-name", KEY_NAME, "--tsig-secret-file", DIR + "/tsig.secret")));
        Poll.until("the Cloudflare stand-in on " + HOST, Duration.ofSeconds(40), Duration.ofMillis(200), () -> {
            if (!ns.running(api)) throw new StoryFailure("the Cloudflare stand-in on " + HOST + " exited: " + log(api));
            return log(api).contains("stand-in on ");
        });

        for (LabHost h : lab.hosts()) h.writeFile("/etc/resolv.conf", "nameserver " + ns.address() + "\n");
    }

    /** What a host's resolver answers for {@code name}: the addresses, or empty. */
    static List<String> resolve(LabHost from, String name) {
        return from.exec("dig", "+short", "+time=2", "+tries=1", name, "A").stdout().lines().filter(l -> !l.isBlank()).toList();
    }

    private static void secretFile(LabHost h, String path, String content) {
        h.writeFile(path, content + "\n");
        h.check("chmod", "600", path);
    }

    private static String log(Daemon d) {
        try {
            return Files.exists(d.log()) ? Files.readString(d.log()) : "(no log)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
