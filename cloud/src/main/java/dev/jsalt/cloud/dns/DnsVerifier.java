package dev.jsalt.cloud.dns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks a zone's authoritative servers directly (no recursion, no cache) what they answer, and waits until every one
 * answers the expected RRset with the same SOA serial: then every secondary has the change, and a resolver that asks
 * any of them gets the new value once the old TTL has passed.
 */
public final class DnsVerifier {
    /** What one server answered. */
    public record Answer(String server, List<String> values, long serial, String error) {
        @Override
        public String toString() {
            return server + (error != null ? ": " + error : " answers " + values + " (serial " + serial + ")");
        }
    }

    private final Duration queryTimeout;

    public DnsVerifier(Duration queryTimeout) { this.queryTimeout = queryTimeout; }

    /**
     * Parses {@code host[:port]} (an IPv6 address in brackets when it has a port) into an address; a name is
     * resolved with the system resolver.
     */
    public static InetSocketAddress server(String spec) {
        String s = spec.strip();
        String host = s;
        int port = 53;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) throw new IllegalArgumentException("not host[:port]: '" + spec + "'");
            host = s.substring(1, end);
            if (s.length() > end + 1) port = port(s.substring(end + 2), spec);
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = port(s.substring(s.indexOf(':') + 1), spec);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve name server '" + host + "'");
        }
    }

    private static int port(String p, String spec) {
        try {
            int n = Integer.parseInt(p);
            if (n < 1 || n > 65535) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not host[:port]: '" + spec + "'");
        }
    }

    /** The zone's NS names, resolved with the system resolver (what a resolver would ask). */
    public static List<InetSocketAddress> authoritativeServers(String zone) {
        try {
            Record[] ns = new Lookup(Name.fromString(RecordSet.fqdn(zone) + "."), Type.NS).run();
            if (ns == null) throw new DnsException("cannot find the name servers of " + RecordSet.fqdn(zone) + " (give verify_servers)");
            List<InetSocketAddress> out = new ArrayList<>();
            for (Record r : ns) {
                String host = ((NSRecord) r).getTarget().toString(true);
                for (InetAddress a : InetAddress.getAllByName(host)) out.add(new InetSocketAddress(a, 53));
            }
            return out;
        } catch (IOException e) {
            throw new DnsException("cannot find the name servers of " + RecordSet.fqdn(zone) + ": " + e.getMessage());
        }
    }

    /** What {@code server} answers for name/type, and its SOA serial for the zone. */
    public Answer ask(InetSocketAddress server, String zone, String name, String type) {
        String who = server.getAddress().getHostAddress() + ":" + server.getPort();
        try {
            SimpleResolver r = new SimpleResolver(server);
            r.setTCP(true);
            r.setTimeout(queryTimeout);
            Name n = Rfc2136Dns.absolute(name, "name");
            int t = Rfc2136Dns.type(type);
            Message rsp = r.send(query(n, t));
            if (rsp.getRcode() != Rcode.NOERROR && rsp.getRcode() != Rcode.NXDOMAIN) return new Answer(who, List.of(), -1, "answered " + Rcode.string(rsp.getRcode()));
            if (!rsp.getHeader().getFlag(Flags.AA)) return new Answer(who, List.of(), -1, "is not authoritative for " + RecordSet.fqdn(zone));
            List<String> values = Rfc2136Dns.answer(rsp, n, t, name, type).map(RecordSet::values).orElse(List.of());
            Message soa = r.send(query(Rfc2136Dns.absolute(zone, "zone"), Type.SOA));
            long serial = -1;
            for (Record x : soa.getSection(Section.ANSWER)) if (x instanceof SOARecord s) serial = s.getSerial();
            return new Answer(who, values, serial, null);
        } catch (IOException e) {
            return new Answer(who, List.of(), -1, "no answer (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
    }

    private static Message query(Name n, int t) {
        Message q = Message.newQuery(Record.newRecord(n, t, DClass.IN));
        q.getHeader().unsetFlag(Flags.RD);
        return q;
    }

    /**
     * Waits until every server answers {@code expected} (empty: no record) and all report one SOA serial. Returns the
     * answers; throws {@link DnsException} naming what each server answered when {@code timeout} passes.
     */
    public List<Answer> await(List<InetSocketAddress> servers, String zone, String name, String type, List<String> expected,
                              Duration timeout, Duration interval) {
        if (servers.isEmpty()) throw new IllegalArgumentException("no name server to verify against");
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> want = new RecordSet(name, type, expected, 0, null).values();
        while (true) {
            Map<String, Answer> answers = new LinkedHashMap<>();
            for (InetSocketAddress s : servers) {
                Answer a = ask(s, zone, name, type);
                answers.put(a.server(), a);
            }
            boolean ok = answers.values().stream().allMatch(a -> a.error() == null && a.values().equals(want))
                    && answers.values().stream().map(Answer::serial).distinct().count() == 1;
            if (ok) return List.copyOf(answers.values());
            if (System.nanoTime() >= deadline) {
                throw new DnsException("not every authoritative server answers " + RecordSet.fqdn(name) + " " + type + " " + want
                        + " after " + timeout.toSeconds() + " s: " + String.join("; ", answers.values().stream().map(Answer::toString).toList()));
            }
            try {
                Thread.sleep(Math.max(10, Math.min(interval.toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DnsException("interrupted while waiting for the name servers of " + RecordSet.fqdn(zone));
            }
        }
    }

    /**
     * One query, as {@code dig NAME TYPE [@server]} asks it (recursion desired; an authoritative server ignores that):
     * {@code server} null asks the first name server of the system's resolver configuration. Returns
     * {@code {name, type, server, status, authoritative, values, answer, ttl}}; {@code answer} is the values joined
     * with commas (one value: the value itself), for runbook conditions like {@code answer == 192.0.2.1}. A server
     * that does not answer is a {@link DnsException}.
     */
    public Map<String, Object> query(InetSocketAddress server, String name, String type) {
        InetSocketAddress to = server;
        if (to == null) {
            List<InetSocketAddress> sys = org.xbill.DNS.ResolverConfig.getCurrentConfig().servers();
            if (sys.isEmpty()) throw new DnsException("dns.query: this machine has no name server configured (give @server)");
            to = sys.get(0);
        }
        String t = type.toUpperCase(java.util.Locale.ROOT);
        int code = Type.value(t);
        if (code < 0) throw new IllegalArgumentException("dns.query: not a record type: '" + type + "'");
        Name n = Rfc2136Dns.absolute(name, "name");
        String who = to.getAddress().getHostAddress() + ":" + to.getPort();
        try {
            SimpleResolver r = new SimpleResolver(to);
            r.setTimeout(queryTimeout);
            Message rsp = r.send(Message.newQuery(Record.newRecord(n, code, DClass.IN)));
            List<String> values = new ArrayList<>();
            long ttl = -1;
            for (Record x : rsp.getSection(Section.ANSWER)) {
                if (!x.getName().equals(n) || x.getType() != code) continue;
                values.add(Rfc2136Dns.value(x));
                ttl = ttl < 0 ? x.getTTL() : Math.min(ttl, x.getTTL());
            }
            java.util.Collections.sort(values);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", RecordSet.fqdn(name));
            out.put("type", t);
            out.put("server", who);
            out.put("status", Rcode.string(rsp.getRcode()));
            out.put("authoritative", rsp.getHeader().getFlag(Flags.AA));
            out.put("values", values);
            out.put("answer", String.join(",", values));
            out.put("ttl", ttl < 0 ? null : ttl);
            return out;
        } catch (IOException e) {
            throw new DnsException("dns.query: no answer from " + who + " for " + RecordSet.fqdn(name) + " " + t + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }
}
