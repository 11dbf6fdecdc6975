package dev.jsalt.minion.states.dns;

import dev.jsalt.cloud.dns.CloudflareClient;
import dev.jsalt.cloud.dns.CloudflareCredentials;
import dev.jsalt.cloud.dns.CloudflareDns;
import dev.jsalt.cloud.dns.DnsException;
import dev.jsalt.cloud.dns.DnsProvider;
import dev.jsalt.cloud.dns.DnsVerifier;
import dev.jsalt.cloud.dns.RecordSet;
import dev.jsalt.cloud.dns.Rfc2136Dns;
import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code dns.record_present} / {@code dns.record_absent}: one RRset (name + type) at a provider — Cloudflare API v4,
 * DigitalOcean's domain records (API v2), or an RFC 2136 server with a TSIG key. The state looks at the provider, plans the change ({@code changes: {old: ...,
 * new: ...}}, null for a set that is not there), and the action makes it, then optionally waits until every
 * authoritative server answers the new value ({@code verify}). It runs on the minion the state targets, like Salt's
 * {@code ddns} state; credentials come in as arguments from pillar {@code !secret} values and never go into a result.
 * Reference: docs/states/dns.md.
 */
public final class DnsModule implements StateModule {
    static final Params PRESENT = Params.of("dns.record_present", "name", "zone", "type", "provider", "values", "ttl", "proxied",
            "api_url", "api_token", "api_email", "api_key", "nameserver", "tsig_key_name", "tsig_secret", "tsig_algorithm", "timeout",
            "verify", "verify_servers", "verify_timeout");
    static final Params ABSENT = Params.of("dns.record_absent", "name", "zone", "type", "provider",
            "api_url", "api_token", "api_email", "api_key", "nameserver", "tsig_key_name", "tsig_secret", "tsig_algorithm", "timeout",
            "verify", "verify_servers", "verify_timeout");

    @Override
    public String name() { return "dns"; }

    @Override
    public Set<String> functions() { return Set.of("record_present", "record_absent"); }

    /** What one state asks for, read and checked. */
    record Ask(String zone, String name, String type, DnsProvider provider, boolean verify, List<String> verifyServers, Duration verifyTimeout) {
        String label() { return name + " " + type; }
    }

    @Override
    public Plan plan(Resource r, RunContext ctx) {
        boolean present = r.function().equals("record_present");
        Args a = Args.of(r, present ? PRESENT : ABSENT);
        Ask ask = ask(a);
        RecordSet desired = present ? desired(a, ask) : null;
        Optional<RecordSet> current;
        try {
            current = ask.provider().get(ask.zone(), ask.name(), ask.type());
        } catch (DnsException | IllegalArgumentException e) {
            return Plan.failed(e.getMessage());
        }
        if (present) {
            RecordSet now = current.orElse(null);
            if (now != null && now.sameData(desired) && now.ttl() == desired.ttl()
                    && (desired.proxied() == null || desired.proxied().equals(now.proxied()))) {
                return Plan.inSync("DNS record " + ask.label() + " is already " + desired.values() + " (ttl " + desired.ttl() + ")");
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("old", now == null ? null : now.describe());
            changes.put("new", shown(desired, now));
            String would = now == null ? "DNS record " + ask.label() + " would be created as " + desired.values()
                    : "DNS record " + ask.label() + " would be changed from " + now.values() + " (ttl " + now.ttl() + ") to " + desired.values() + " (ttl " + desired.ttl() + ")";
            return Plan.change(changes, would, () -> {
                try {
                    ask.provider().put(ask.zone(), desired);
                } catch (DnsException | IllegalArgumentException e) {
                    return Plan.Done.failed(e.getMessage());
                }
                String done = "DNS record " + ask.label() + (now == null ? " created as " : " changed to ") + desired.values();
                return verified(ask, desired.values(), changes, done);
            });
        }
        if (current.isEmpty()) return Plan.inSync("DNS record " + ask.label() + " is already absent");
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("old", current.get().describe());
        changes.put("new", null);
        return Plan.change(changes, "DNS record " + ask.label() + " " + current.get().values() + " would be deleted", () -> {
            try {
                ask.provider().delete(ask.zone(), ask.name(), ask.type());
            } catch (DnsException | IllegalArgumentException e) {
                return Plan.Done.failed(e.getMessage());
            }
            return verified(ask, List.of(), changes, "DNS record " + ask.label() + " deleted");
        });
    }

    /** The new set as a result shows it: a proxied flag the state leaves alone is shown as it stays. */
    private static Map<String, Object> shown(RecordSet desired, RecordSet now) {
        if (desired.proxied() == null && now != null && now.proxied() != null) return desired.with(desired.ttl(), now.proxied()).describe();
        return desired.describe();
    }

    private static Plan.Done verified(Ask ask, List<String> values, Map<String, Object> changes, String done) {
        if (!ask.verify()) return Plan.Done.ok(changes, done);
        try {
            List<InetSocketAddress> servers = new ArrayList<>();
            for (String s : ask.verifyServers()) servers.add(DnsVerifier.server(s));
            if (servers.isEmpty()) servers = DnsVerifier.authoritativeServers(ask.zone());
            List<DnsVerifier.Answer> answers = new DnsVerifier(Duration.ofSeconds(5))
                    .await(servers, ask.zone(), ask.name(), ask.type(), values, ask.verifyTimeout(), Duration.ofMillis(500));
            return Plan.Done.ok(changes, done + "; every authoritative server answers it (" + answers.size() + " asked, serial " + answers.get(0).serial() + ")");
        } catch (DnsException | IllegalArgumentException e) {
            return Plan.Done.failed(changes, done + ", but " + e.getMessage());
        }
    }

    static Ask ask(Args a) {
        String zone = RecordSet.fqdn(a.required("zone"));
        if (zone.isEmpty() || !zone.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)*")) throw a.bad("zone", "is not a domain name: '" + a.required("zone") + "'");
        String raw = a.name().strip();
        String name = raw.equals("@") ? zone : raw.endsWith(".") || RecordSet.fqdn(raw).equals(zone) || RecordSet.fqdn(raw).endsWith("." + zone)
                ? RecordSet.fqdn(raw) : RecordSet.fqdn(raw) + "." + zone;
        if (name.isEmpty() || !name.matches("(\\*\\.)?[a-z0-9_-]+(\\.[a-z0-9_-]+)*") || name.length() > 253) throw a.bad("name", "is not a domain name: '" + raw + "'");
        if (!name.equals(zone) && !name.endsWith("." + zone)) throw a.bad("name", "'" + raw + "' is not in zone " + zone);
        String type = a.string("type", "A").toUpperCase(Locale.ROOT);
        if (!RecordSet.TYPES.contains(type)) throw a.bad("type", "must be one of " + RecordSet.TYPES + ", got '" + a.string("type", "A") + "'");
        long timeout = a.number("timeout").orElse(30L);
        if (timeout < 1 || timeout > 600) throw a.bad("timeout", "must be 1..600 seconds");
        boolean verify = a.bool("verify", false);
        long vt = a.number("verify_timeout").orElse(60L);
        if (vt < 1 || vt > 3600) throw a.bad("verify_timeout", "must be 1..3600 seconds");
        List<String> servers = a.strings("verify_servers");
        for (String s : servers) {
            try {
                DnsVerifier.server(s);
            } catch (IllegalArgumentException e) {
                throw a.bad("verify_servers", e.getMessage());
            }
        }
        return new Ask(zone, name, type, provider(a, Duration.ofSeconds(timeout)), verify, servers, Duration.ofSeconds(vt));
    }

    static DnsProvider provider(Args a, Duration timeout) {
        String p = a.required("provider").toLowerCase(Locale.ROOT);
        switch (p) {
            case "cloudflare" -> {
                for (String k : List.of("nameserver", "tsig_key_name", "tsig_secret")) if (a.has(k)) throw a.bad(k, "is for provider rfc2136, not cloudflare");
                URI base;
                try {
                    base = URI.create(a.string("api_url", CloudflareClient.DEFAULT_BASE.toString()));
                } catch (IllegalArgumentException e) {
                    throw a.bad("api_url", "is not a URL");
                }
                if (!"https".equals(base.getScheme()) && !"http".equals(base.getScheme()) || base.getHost() == null) throw a.bad("api_url", "must be an http(s) URL");
                CloudflareCredentials creds;
                try {
                    if (a.has("api_token")) {
                        if (a.has("api_key") || a.has("api_email")) throw a.bad("api_key", "and api_token exclude each other: give one way of signing in");
                        creds = CloudflareCredentials.token(a.required("api_token"));
                    } else if (a.has("api_key") || a.has("api_email")) {
                        creds = CloudflareCredentials.globalKey(a.string("api_email", ""), a.string("api_key", ""));
                    } else {
                        throw a.bad("api_token", "is required for provider cloudflare (or api_email with api_key)");
                    }
                } catch (IllegalArgumentException e) {
                    if (e.getMessage().startsWith("argument '")) throw e;
                    String arg = e.getMessage().split(" ")[0];
                    throw a.bad(arg, e.getMessage().substring(arg.length()).strip());
                }
                return new CloudflareDns(new CloudflareClient(base, creds, HttpClient.newBuilder().connectTimeout(timeout).build(),
                        timeout, 3, Duration.ofSeconds(60), d -> Thread.sleep(d.toMillis())));
            }
            case "digitalocean" -> {
                for (String k : List.of("nameserver", "tsig_key_name", "tsig_secret", "api_email", "api_key")) if (a.has(k)) throw a.bad(k, "is not an argument of provider digitalocean");
                URI base;
                try {
                    base = URI.create(a.string("api_url", dev.jsalt.cloud.dns.DigitalOceanDomainsClient.DEFAULT_BASE.toString()));
                } catch (IllegalArgumentException e) {
                    throw a.bad("api_url", "is not a URL");
                }
                if (!"https".equals(base.getScheme()) && !"http".equals(base.getScheme()) || base.getHost() == null) throw a.bad("api_url", "must be an http(s) URL");
                String token = a.string("api_token").orElseThrow(() -> a.bad("api_token", "is required for provider digitalocean"));
                if (token.isBlank() || !token.strip().matches("[\\x21-\\x7e]+")) throw a.bad("api_token", "is empty or has characters a token cannot have");
                return new dev.jsalt.cloud.dns.DigitalOceanDns(new dev.jsalt.cloud.dns.DigitalOceanDomainsClient(base, token,
                        HttpClient.newBuilder().connectTimeout(timeout).build(), timeout, 3, Duration.ofSeconds(60), d -> Thread.sleep(d.toMillis())));
            }
            case "rfc2136" -> {
                for (String k : List.of("api_url", "api_token", "api_email", "api_key")) if (a.has(k)) throw a.bad(k, "is for providers cloudflare and digitalocean, not rfc2136");
                InetSocketAddress server;
                try {
                    server = DnsVerifier.server(a.required("nameserver"));
                } catch (IllegalArgumentException e) {
                    if (e.getMessage().startsWith("argument '")) throw e;
                    throw a.bad("nameserver", e.getMessage());
                }
                if (a.has("tsig_secret") != a.has("tsig_key_name")) throw a.bad(a.has("tsig_secret") ? "tsig_key_name" : "tsig_secret", "is required with the other TSIG argument");
                try {
                    return new Rfc2136Dns(server, a.has("tsig_secret")
                            ? Rfc2136Dns.key(a.required("tsig_key_name"), a.string("tsig_algorithm", "hmac-sha256"), a.required("tsig_secret")) : null, timeout);
                } catch (IllegalArgumentException e) {
                    if (e.getMessage().startsWith("argument '")) throw e;
                    String arg = e.getMessage().split(" ")[0];
                    throw a.bad(arg, e.getMessage().substring(arg.length()).strip());
                }
            }
            default -> throw a.bad("provider", "must be cloudflare, digitalocean or rfc2136, got '" + a.required("provider") + "'");
        }
    }

    static RecordSet desired(Args a, Ask ask) {
        List<String> values = new ArrayList<>();
        // A TXT text is taken as it is (spaces count); other values are trimmed.
        for (String v : a.strings("values")) values.add(ask.type().equals("TXT") ? v : v.strip());
        if (values.isEmpty()) throw a.bad("values", "is required: a value or a list of values");
        for (String v : values) {
            switch (ask.type()) {
                case "A" -> { if (!dev.jsalt.cloud.dns.Addresses.isV4(v)) throw a.bad("values", "'" + v + "' is not an IPv4 address (type A)"); }
                case "AAAA" -> { if (!dev.jsalt.cloud.dns.Addresses.isV6(v)) throw a.bad("values", "'" + v + "' is not an IPv6 address (type AAAA)"); }
                case "CNAME" -> {
                    if (values.size() > 1) throw a.bad("values", "a CNAME has exactly one target, got " + values.size());
                    if (!RecordSet.fqdn(v).matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)+")) throw a.bad("values", "'" + v + "' is not a host name (type CNAME)");
                }
                default -> { if (v.isEmpty()) throw a.bad("values", "an empty text (type TXT)"); }
            }
        }
        long ttl = a.number("ttl").orElse(300L);
        boolean cloudflare = ask.provider() instanceof CloudflareDns;
        if (cloudflare && ttl != 1 && (ttl < 30 || ttl > 86400)) throw a.bad("ttl", "must be 1 (automatic) or 30..86400 seconds for Cloudflare, got " + ttl);
        if (ask.provider() instanceof dev.jsalt.cloud.dns.DigitalOceanDns && ttl < 30) throw a.bad("ttl", "must be at least 30 seconds for DigitalOcean, got " + ttl);
        if (ttl < 0 || ttl > 2147483647L) throw a.bad("ttl", "must be 0..2147483647 seconds, got " + ttl);
        if (!cloudflare && a.has("proxied")) throw a.bad("proxied", "is a Cloudflare setting; provider " + ask.provider().name() + " has none");
        Boolean proxied = a.has("proxied") ? a.bool("proxied", false) : null;
        if (Boolean.TRUE.equals(proxied) && ask.type().equals("TXT")) throw a.bad("proxied", "cannot be true for a TXT record");
        return new RecordSet(ask.name(), ask.type(), values, (int) ttl, proxied);
    }
}
