package dev.jsalt.minion.grains;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The name grains ({@code fqdn}, {@code fqdn_ip4}/{@code fqdn_ip6}, {@code fqdns}) with every lookup bounded: Salt
 * asks the resolver with no limit (a minion with a broken DNS waits for every timeout); jsalt answers from
 * {@code /etc/hosts} the way glibc's "files" service does and gives the resolver at most {@link #BUDGET_MILLIS} in
 * total for what is left, lookups running in parallel. A lookup that has not answered by then counts as unresolved.
 */
final class Names {
    static final long BUDGET_MILLIS = 2000;
    /** At most this many addresses are reverse-resolved for {@code fqdns}. */
    static final int MAX_REVERSE = 16;
    private static final ExecutorService LOOKUPS = Machine.RUNNERS;

    private Names() {
    }

    /** One line of /etc/hosts: the address and its names (canonical name first). */
    record HostsEntry(String address, List<String> names) {
    }

    static List<HostsEntry> parseHosts(String text) {
        List<HostsEntry> out = new ArrayList<>();
        if (text == null) return out;
        for (String line : OsData.lines(text)) {
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash);
            String[] f = line.strip().split("\\s+");
            if (f.length < 2) continue;
            out.add(new HostsEntry(f[0], List.of(Arrays.copyOfRange(f, 1, f.length))));
        }
        return out;
    }

    private static boolean names(HostsEntry e, String name) {
        for (String n : e.names()) if (n.equalsIgnoreCase(name)) return true;
        return false;
    }

    /**
     * Salt's get_fqhostname: the canonical name getaddrinfo(AI_CANONNAME) gives for the host name. From /etc/hosts
     * that is the first name on the first line naming the host; otherwise the first search-domain expansion (or the
     * name itself) the resolver knows; otherwise the host name.
     */
    static String fqdn(Machine m, String hostname, List<HostsEntry> hosts, List<String> searchDomains, long deadline) {
        for (HostsEntry e : hosts) {
            if (names(e, hostname)) return e.names().get(0);
        }
        if (!m.isLive()) return hostname;
        List<String> candidates = new ArrayList<>();
        if (!hostname.contains(".")) for (String d : searchDomains) candidates.add(hostname + "." + d);
        candidates.add(hostname);
        List<Future<Boolean>> lookups = new ArrayList<>();
        for (String c : candidates) lookups.add(LOOKUPS.submit(() -> resolves(c)));
        for (int i = 0; i < candidates.size(); i++) {
            if (Boolean.TRUE.equals(await(lookups.get(i), deadline))) return candidates.get(i);
        }
        return hostname;
    }

    private static boolean resolves(String name) {
        try {
            return InetAddress.getAllByName(name).length > 0;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * fqdn_ip4 / fqdn_ip6: the addresses of one family the fqdn resolves to: the /etc/hosts lines naming it (all of
     * them, as with Debian's "multi on"), else the resolver's answer.
     */
    static List<String> fqdnIps(Machine m, String fqdn, boolean v6, List<HostsEntry> hosts, long deadline) {
        Set<String> out = new LinkedHashSet<>();
        for (HostsEntry e : hosts) {
            if (!names(e, fqdn)) continue;
            boolean isV6 = e.address().contains(":");
            if (isV6 != v6) continue;
            String norm = isV6 ? normalize6(e.address()) : e.address();
            if (norm != null) out.add(norm);
        }
        if (!out.isEmpty() || !m.isLive()) return new ArrayList<>(out);
        Future<InetAddress[]> f = LOOKUPS.submit(() -> {
            try {
                return InetAddress.getAllByName(fqdn);
            } catch (Exception e) {
                return new InetAddress[0];
            }
        });
        InetAddress[] found = await(f, deadline);
        if (found == null) return List.of();
        for (InetAddress a : found) {
            if (v6 && a instanceof Inet6Address) out.add(normalize6(a.getHostAddress()));
            if (!v6 && a instanceof Inet4Address) out.add(a.getHostAddress());
        }
        out.remove(null);
        return new ArrayList<>(out);
    }

    private static String normalize6(String literal) {
        var v = NetData.ipv6Value(literal);
        return v == null ? null : NetData.formatIpv6(v);
    }

    /**
     * Salt's network.fqdns: the names the non-loopback addresses reverse-resolve to, sorted. At most {@link
     * #MAX_REVERSE} addresses, all looked up at once, within the deadline.
     */
    static List<String> fqdns(Machine m, List<String> addresses, long deadline) {
        if (!m.isLive()) return List.of();
        List<Future<String>> lookups = new ArrayList<>();
        for (String a : addresses.subList(0, Math.min(addresses.size(), MAX_REVERSE))) {
            lookups.add(LOOKUPS.submit(() -> reverse(a)));
        }
        TreeSet<String> out = new TreeSet<>();
        for (Future<String> f : lookups) {
            String name = await(f, deadline);
            if (name != null) out.add(name);
        }
        return new ArrayList<>(out);
    }

    private static String reverse(String literal) {
        try {
            InetAddress a = InetAddress.getByName(literal); // a literal: no lookup
            String name = a.getCanonicalHostName();
            if (name == null || name.equalsIgnoreCase(literal) || name.equalsIgnoreCase(a.getHostAddress())) return null;
            return name;
        } catch (Exception e) {
            return null;
        }
    }

    /** The result if it is there by the deadline, else null (the lookup is left to finish on its own). */
    static <T> T await(Future<T> f, long deadline) {
        long left = deadline - System.nanoTime();
        try {
            if (left <= 0) return f.isDone() ? f.get() : null;
            return f.get(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }
}
