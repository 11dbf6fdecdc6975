package dev.jsalt.cli.cloud;

import dev.jsalt.cloud.dns.CloudflareStandIn;
import dev.jsalt.cloud.dns.RecordSet;
import dev.jsalt.cloud.dns.Rfc2136Dns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code jsalt cloud cloudflare-stand-in}: the local Cloudflare API v4 stand-in in the foreground, for trying
 * {@code dns.record_present} with {@code provider: cloudflare} without an account. With {@code --rfc2136} it fronts
 * a real name server: it starts with the zone as that server holds it (a zone transfer signed with the TSIG key) and
 * writes every change on to it by RFC 2136, so what is changed through "Cloudflare" is what resolvers are answered.
 * The lab's migration story runs it on its name-server host (docs/migration.md).
 */
@Command(name = "cloudflare-stand-in", mixinStandardHelpOptions = true,
        description = "Run the local Cloudflare API v4 stand-in (zones, DNS records), optionally in front of a real name server.")
final class CloudflareStandInCommand implements Callable<Integer> {
    @Option(names = "--token-file", paramLabel = "FILE", required = true, description = "The API token clients must present (a 0600 file).")
    Path tokenFile;

    @Option(names = "--zone", paramLabel = "ZONE", required = true, description = "A zone the account holds (repeatable).")
    List<String> zones;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "Loopback port to listen on (default: any free one).")
    int port;

    @Option(names = "--rfc2136", paramLabel = "HOST:PORT", description = "The primary name server to mirror and update (RFC 2136 with TSIG).")
    String rfc2136;

    @Option(names = "--tsig-key-name", paramLabel = "NAME", description = "The TSIG key's name, as in the server's key statement.")
    String tsigKeyName;

    @Option(names = "--tsig-secret-file", paramLabel = "FILE", description = "The TSIG key's secret, base64 (a 0600 file).")
    Path tsigSecretFile;

    @Option(names = "--tsig-algorithm", paramLabel = "ALG", defaultValue = "hmac-sha256", description = "Default: ${DEFAULT-VALUE}.")
    String tsigAlgorithm;

    @Override
    public Integer call() throws Exception {
        String value = StandInCommand.secretFile(tokenFile);
        Rfc2136Dns server = rfc2136 == null ? null : server();
        CountDownLatch stop = new CountDownLatch(1);
        try (CloudflareStandIn standIn = new CloudflareStandIn(value, null, null, port)) {
            StringBuilder held = new StringBuilder();
            for (String zone : zones) {
                String id = standIn.addZone(zone);
                if (server == null) continue;
                List<RecordSet> sets = server.transfer(zone);
                for (RecordSet set : sets) standIn.seed(id, set);
                held.append(", zone ").append(RecordSet.fqdn(zone)).append(": ").append(sets.size()).append(" record sets from ").append(rfc2136);
            }
            if (server != null) standIn.onChange(standIn.applyingTo(server));
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            System.out.println("Cloudflare API v4 stand-in on " + standIn.baseUri() + " (api_url:)" + held);
            System.out.flush();
            stop.await();
        }
        return 0;
    }

    private Rfc2136Dns server() throws Exception {
        if (tsigKeyName == null || tsigSecretFile == null) {
            throw new IllegalArgumentException("--rfc2136 needs --tsig-key-name and --tsig-secret-file (the server must only take signed updates)");
        }
        int colon = rfc2136.lastIndexOf(':');
        String host = colon < 0 ? rfc2136 : rfc2136.substring(0, colon);
        int p;
        try {
            p = colon < 0 ? 53 : Integer.parseInt(rfc2136.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rfc2136 must be HOST[:PORT], got '" + rfc2136 + "'");
        }
        String secret = StandInCommand.secretFile(tsigSecretFile);
        return new Rfc2136Dns(new InetSocketAddress(host, p), Rfc2136Dns.key(tsigKeyName, tsigAlgorithm, secret), Duration.ofSeconds(10));
    }
}
