package dev.jsalt.cloud.dns;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RRsets over Cloudflare's one-record-per-value API. {@link #put} changes records in place where it can (a record
 * whose value goes becomes one of the new values by a PATCH), then creates what is missing, and deletes the
 * surplus last: a name that had an answer keeps one at every moment. Cloudflare has no transaction; if a call fails
 * half way, the error says so and the next run converges the rest.
 */
public final class CloudflareDns implements DnsProvider {
    private final CloudflareClient client;
    private final Map<String, String> zoneIds = new ConcurrentHashMap<>();

    public CloudflareDns(CloudflareClient client) { this.client = client; }

    @Override
    public String name() { return "cloudflare"; }

    String zoneId(String zone) {
        String z = RecordSet.fqdn(zone);
        return zoneIds.computeIfAbsent(z, k -> client.zoneByName(k)
                .orElseThrow(() -> new DnsException("Cloudflare API: no zone named " + k + " in this account")).id());
    }

    @Override
    public Optional<RecordSet> get(String zone, String name, String type) {
        List<CloudflareClient.Record> rs = client.records(zoneId(zone), RecordSet.fqdn(name), type);
        if (rs.isEmpty()) return Optional.empty();
        List<String> values = rs.stream().map(CloudflareClient.Record::content).toList();
        int ttl = rs.stream().mapToInt(CloudflareClient.Record::ttl).min().orElse(1);
        // Mixed ttl or proxied among the records show as the most cautious (lowest TTL, proxied only if all are):
        // a state declaring either then sees a difference and sets every record.
        boolean allSameTtl = rs.stream().allMatch(r -> r.ttl() == ttl);
        boolean proxied = rs.stream().allMatch(CloudflareClient.Record::proxied);
        boolean allSameProxied = rs.stream().allMatch(r -> r.proxied() == proxied);
        return Optional.of(new RecordSet(name, type, values, allSameTtl ? ttl : -1, allSameProxied ? proxied : null));
    }

    @Override
    public void put(String zone, RecordSet desired) {
        String zid = zoneId(zone);
        List<CloudflareClient.Record> existing = client.records(zid, desired.name(), desired.type());
        Set<String> missing = new LinkedHashSet<>(desired.values());
        List<CloudflareClient.Record> surplus = new ArrayList<>();
        for (CloudflareClient.Record r : existing) {
            String v = RecordSet.normalValue(desired.type(), r.content());
            if (missing.remove(v)) {
                if (r.ttl() != desired.ttl() || desired.proxied() != null && r.proxied() != desired.proxied()) {
                    client.patch(zid, r.id(), desired.type(), desired.name(), r.content(), desired.ttl(), desired.proxied());
                }
            } else {
                surplus.add(r);
            }
        }
        List<String> toAdd = new ArrayList<>(missing);
        while (!toAdd.isEmpty() && !surplus.isEmpty()) {
            CloudflareClient.Record r = surplus.remove(0);
            client.patch(zid, r.id(), desired.type(), desired.name(), toAdd.remove(0), desired.ttl(), desired.proxied());
        }
        for (String v : toAdd) client.create(zid, desired.type(), desired.name(), v, desired.ttl(), desired.proxied());
        for (CloudflareClient.Record r : surplus) client.delete(zid, r.id());
    }

    @Override
    public void delete(String zone, String name, String type) {
        String zid = zoneId(zone);
        for (CloudflareClient.Record r : client.records(zid, RecordSet.fqdn(name), type)) client.delete(zid, r.id());
    }
}
