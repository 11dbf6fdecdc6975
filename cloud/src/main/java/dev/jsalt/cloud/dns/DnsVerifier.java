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
import java.util.Optional;

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

    /** The first answer's values, for a query function ({@code dns.query}). */
    public static Optional<List<String>> values(List<Answer> answers) {
        return answers.isEmpty() ? Optional.empty() : Optional.of(answers.get(0).values());
    }
}
