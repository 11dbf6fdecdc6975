package dev.jsalt.cloud.dns;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * RRsets over DigitalOcean's one-record-per-value domain records, changed as {@link CloudflareDns} does: in place
 * first (PATCH), then creates, then deletes, so a name keeps an answer throughout.
 */
public final class DigitalOceanDns implements DnsProvider {
    private final DigitalOceanDomainsClient client;

    public DigitalOceanDns(DigitalOceanDomainsClient client) { this.client = client; }

    @Override
    public String name() { return "digitalocean"; }

    /** {@code blog.example.test} in {@code example.test} → {@code blog}; the apex → {@code @}. */
    static String relative(String zone, String fqdn) {
        String z = RecordSet.fqdn(zone);
        String n = RecordSet.fqdn(fqdn);
        if (n.equals(z)) return "@";
        if (!n.endsWith("." + z)) throw new IllegalArgumentException("name " + n + " is not in zone " + z);
        return n.substring(0, n.length() - z.length() - 1);
    }

    @Override
    public Optional<RecordSet> get(String zone, String name, String type) {
        relative(zone, name);
        List<DigitalOceanDomainsClient.Record> rs = client.records(zone, RecordSet.fqdn(name), type);
        if (rs.isEmpty()) return Optional.empty();
        int ttl = rs.stream().mapToInt(DigitalOceanDomainsClient.Record::ttl).min().orElse(1800);
        boolean same = rs.stream().allMatch(r -> r.ttl() == ttl);
        return Optional.of(new RecordSet(name, type, rs.stream().map(DigitalOceanDomainsClient.Record::data).toList(), same ? ttl : -1, null));
    }

    @Override
    public void put(String zone, RecordSet desired) {
        if (desired.proxied() != null) throw new IllegalArgumentException("proxied is a Cloudflare setting; digitalocean has none");
        String rel = relative(zone, desired.name());
        List<DigitalOceanDomainsClient.Record> existing = client.records(zone, desired.name(), desired.type());
        Set<String> missing = new LinkedHashSet<>(desired.values());
        List<DigitalOceanDomainsClient.Record> surplus = new ArrayList<>();
        for (DigitalOceanDomainsClient.Record r : existing) {
            if (missing.remove(RecordSet.normalValue(desired.type(), r.data()))) {
                if (r.ttl() != desired.ttl()) client.patch(zone, r.id(), desired.type(), rel, r.data(), desired.ttl());
            } else {
                surplus.add(r);
            }
        }
        List<String> toAdd = new ArrayList<>(missing);
        while (!toAdd.isEmpty() && !surplus.isEmpty()) client.patch(zone, surplus.remove(0).id(), desired.type(), rel, toAdd.remove(0), desired.ttl());
        for (String v : toAdd) client.create(zone, desired.type(), rel, v, desired.ttl());
        for (DigitalOceanDomainsClient.Record r : surplus) client.delete(zone, r.id());
    }

    @Override
    public void delete(String zone, String name, String type) {
        relative(zone, name);
        for (DigitalOceanDomainsClient.Record r : client.records(zone, RecordSet.fqdn(name), type)) client.delete(zone, r.id());
    }
}
