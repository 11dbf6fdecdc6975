package dev.jsalt.cloud.dns;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * RFC 2136 dynamic update, signed with a TSIG key (RFC 8945), for self-hosted BIND, Knot or PowerDNS. {@link #put}
 * replaces an RRset in one UPDATE message (delete the RRset, add each record): the server applies it atomically, so
 * resolvers see the old set or the new one, never a mix or nothing. Reads ask the same server directly (TCP, no
 * recursion). Answers other than NOERROR become one line naming the server and the RCODE ({@code NOTAUTH}: the key
 * was refused; {@code REFUSED}: updates are not allowed for it; {@code NOTZONE}: the name is outside the zone).
 */
public final class Rfc2136Dns implements DnsProvider {
    private final InetSocketAddress server;
    private final TSIG tsig;
    private final Duration timeout;

    /**
     * @param server    the primary server's address and port (port 53 normally)
     * @param tsig      the key, or null to send unsigned updates (a server should refuse them)
     */
    public Rfc2136Dns(InetSocketAddress server, TSIG tsig, Duration timeout) {
        this.server = server;
        this.tsig = tsig;
        this.timeout = timeout;
    }

    /**
     * A TSIG key from its parts as BIND's {@code key} statement has them; each bad part is named.
     *
     * @param algorithm e.g. {@code hmac-sha256} (also hmac-sha512, hmac-sha384, hmac-sha224, hmac-sha1, hmac-md5)
     */
    public static TSIG key(String name, String algorithm, String secretBase64) {
        Name alg = switch (algorithm.toLowerCase(Locale.ROOT)) {
            case "hmac-sha256" -> TSIG.HMAC_SHA256;
            case "hmac-sha512" -> TSIG.HMAC_SHA512;
            case "hmac-sha384" -> TSIG.HMAC_SHA384;
            case "hmac-sha224" -> TSIG.HMAC_SHA224;
            case "hmac-sha1" -> TSIG.HMAC_SHA1;
            case "hmac-md5" -> TSIG.HMAC_MD5;
            default -> throw new IllegalArgumentException("tsig_algorithm must be one of hmac-sha256, hmac-sha512, hmac-sha384, hmac-sha224, hmac-sha1, hmac-md5; got '" + algorithm + "'");
        };
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(secretBase64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tsig_secret is not base64 (as in BIND's key statement)");
        }
        if (secret.length == 0) throw new IllegalArgumentException("tsig_secret is empty");
        return new TSIG(alg, absolute(name, "tsig_key_name"), secret);
    }

    @Override
    public String name() { return "rfc2136"; }

    private String where() { return (server.getAddress() != null ? server.getAddress().getHostAddress() : server.getHostString()) + ":" + server.getPort(); }

    static Name absolute(String name, String what) {
        try {
            return Name.fromString(RecordSet.fqdn(name) + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(what + " is not a domain name: '" + name + "'");
        }
    }

    static int type(String type) {
        int t = Type.value(type);
        if (!RecordSet.TYPES.contains(type) || t < 0) throw new IllegalArgumentException("type must be one of " + RecordSet.TYPES + ", got '" + type + "'");
        return t;
    }

    private SimpleResolver resolver(boolean signed) {
        SimpleResolver r = new SimpleResolver(server);
        r.setTCP(true);
        r.setTimeout(timeout);
        if (signed && tsig != null) r.setTSIGKey(tsig);
        return r;
    }

    @Override
    public Optional<RecordSet> get(String zone, String name, String type) {
        Name n = inZone(zone, name);
        int t = type(type);
        Message q = Message.newQuery(Record.newRecord(n, t, DClass.IN));
        q.getHeader().unsetFlag(Flags.RD);
        Message rsp = send(resolver(false), q, "query " + RecordSet.fqdn(name) + " " + type);
        int rcode = rsp.getRcode();
        if (rcode == Rcode.NXDOMAIN) return Optional.empty();
        if (rcode != Rcode.NOERROR) throw new DnsException("rfc2136: " + where() + " answered " + Rcode.string(rcode) + " to a query for " + RecordSet.fqdn(name) + " " + type);
        return answer(rsp, n, t, name, type);
    }

    /**
     * Every A, AAAA, CNAME and TXT record set of the zone, by a zone transfer (AXFR over TCP, signed with the key when
     * there is one; the server must allow it, e.g. BIND's {@code allow-transfer { key NAME; };}). In the zone's order.
     */
    public List<RecordSet> transfer(String zone) {
        Name z = absolute(zone, "zone");
        List<Record> records;
        try {
            ZoneTransferIn xfr = ZoneTransferIn.newAXFR(z, server, tsig);
            xfr.setTimeout(timeout);
            xfr.run();
            records = xfr.getAXFR();
        } catch (IOException | ZoneTransferException e) {
            throw new DnsException("rfc2136: zone transfer of " + RecordSet.fqdn(zone) + " from " + where() + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        java.util.Map<String, RecordSet> sets = new java.util.LinkedHashMap<>();
        for (Record r : records) {
            String type = Type.string(r.getType());
            if (!RecordSet.TYPES.contains(type)) continue;
            String name = RecordSet.fqdn(r.getName().toString());
            sets.merge(name + " " + type, new RecordSet(name, type, List.of(value(r)), (int) r.getTTL(), null), (a, b) -> {
                List<String> values = new ArrayList<>(a.values());
                values.addAll(b.values());
                return new RecordSet(a.name(), a.type(), values, Math.min(a.ttl(), b.ttl()), null);
            });
        }
        return List.copyOf(sets.values());
    }

    static Optional<RecordSet> answer(Message rsp, Name n, int t, String name, String type) {
        List<String> values = new ArrayList<>();
        long ttl = -1;
        for (Record r : rsp.getSection(Section.ANSWER)) {
            if (!r.getName().equals(n) || r.getType() != t) continue;
            values.add(value(r));
            ttl = ttl < 0 ? r.getTTL() : Math.min(ttl, r.getTTL());
        }
        return values.isEmpty() ? Optional.empty() : Optional.of(new RecordSet(name, type, values, (int) ttl, null));
    }

    static String value(Record r) {
        if (r instanceof ARecord a) return a.getAddress().getHostAddress();
        if (r instanceof AAAARecord a) return Addresses.canonicalV6(a.getAddress().getHostAddress());
        if (r instanceof CNAMERecord c) return RecordSet.fqdn(c.getTarget().toString());
        if (r instanceof org.xbill.DNS.NSRecord ns) return RecordSet.fqdn(ns.getTarget().toString());
        if (r instanceof TXTRecord x) return String.join("", x.getStrings());
        return r.rdataToString();
    }

    static Record record(Name n, String type, int ttl, String value) {
        try {
            return switch (type) {
                case "A" -> {
                    if (!Addresses.isV4(value)) throw new IllegalArgumentException("an A record's value must be an IPv4 address, got '" + value + "'");
                    yield new ARecord(n, DClass.IN, ttl, InetAddress.getByName(value));
                }
                case "AAAA" -> {
                    if (!Addresses.isV6(value)) throw new IllegalArgumentException("an AAAA record's value must be an IPv6 address, got '" + value + "'");
                    yield new AAAARecord(n, DClass.IN, ttl, InetAddress.getByName(value));
                }
                case "CNAME" -> new CNAMERecord(n, DClass.IN, ttl, absolute(value, "a CNAME's value"));
                case "TXT" -> {
                    List<String> chunks = new ArrayList<>();
                    for (int i = 0; i < value.length(); i += 255) chunks.add(value.substring(i, Math.min(value.length(), i + 255)));
                    yield new TXTRecord(n, DClass.IN, ttl, chunks.isEmpty() ? List.of("") : chunks);
                }
                default -> throw new IllegalArgumentException("type must be one of " + RecordSet.TYPES + ", got '" + type + "'");
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("not a " + type + " value: '" + value + "'");
        }
    }

    private Name inZone(String zone, String name) {
        Name z = absolute(zone, "zone");
        Name n = absolute(name, "name");
        if (!n.subdomain(z)) throw new IllegalArgumentException("name " + RecordSet.fqdn(name) + " is not in zone " + RecordSet.fqdn(zone));
        return n;
    }

    @Override
    public void put(String zone, RecordSet desired) {
        if (desired.proxied() != null) throw new IllegalArgumentException("proxied is a Cloudflare setting; rfc2136 has none");
        if (desired.ttl() < 0 || desired.ttl() > 2147483647) throw new IllegalArgumentException("ttl must be 0..2147483647 seconds");
        Name n = inZone(zone, desired.name());
        int t = type(desired.type());
        Update u = new Update(absolute(zone, "zone"));
        u.delete(n, t);
        for (String v : desired.values()) u.add(record(n, desired.type(), desired.ttl(), v));
        update(u, "replace " + desired.name() + " " + desired.type());
    }

    @Override
    public void delete(String zone, String name, String type) {
        Name n = inZone(zone, name);
        Update u = new Update(absolute(zone, "zone"));
        u.delete(n, type(type));
        update(u, "delete " + RecordSet.fqdn(name) + " " + type);
    }

    private void update(Update u, String what) {
        Message rsp = send(resolver(true), u, what);
        int rcode = rsp.getRcode();
        if (rcode != Rcode.NOERROR) {
            String hint = switch (rcode) {
                case Rcode.NOTAUTH -> tsig == null ? " (the server wants a TSIG key)" : " (the TSIG key was refused, or the server is not authoritative for the zone)";
                case Rcode.REFUSED -> " (the server does not allow this update for this key)";
                case Rcode.NOTZONE -> " (the name is outside the zone)";
                default -> "";
            };
            throw new DnsException("rfc2136: " + where() + " answered " + Rcode.string(rcode) + " to " + what + hint);
        }
        if (tsig != null && !rsp.isVerified()) {
            throw new DnsException("rfc2136: the answer of " + where() + " to " + what + " carries no valid TSIG signature; the update may or may not have been applied");
        }
    }

    private Message send(SimpleResolver r, Message m, String what) {
        try {
            return r.send(m);
        } catch (IOException e) {
            throw new DnsException("rfc2136: no answer from " + where() + " to " + what + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }
}
