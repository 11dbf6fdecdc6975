package dev.jsalt.minion.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Listening TCP and bound UDP sockets with the processes holding them, from one {@code ss -ltnupH} (numeric, no
 * header). Processes are only visible to root; without them the socket is still listed.
 */
final class Listeners implements Section {
    private static final Pattern PROC = Pattern.compile("\\(\"([^\"]*)\",pid=(\\d+)");

    @Override
    public String name() { return "listening"; }

    @Override
    public Object collect(Host host) throws Exception {
        if (!host.hasProgram("ss")) throw new IllegalStateException("ss (iproute2) is not installed");
        return parse(host.output("ss", "-ltnupH"));
    }

    /** One entry per socket: proto, address, port, process (or null), pid (or null); sorted by proto and port. */
    static List<Map<String, Object>> parse(String out) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\\s+", 7);
            if (f.length < 5 || !(f[0].equals("tcp") || f[0].equals("udp"))) continue;
            String local = f[4];
            int colon = local.lastIndexOf(':');
            if (colon <= 0) continue;
            String addr = local.substring(0, colon);
            int port;
            try {
                port = Integer.parseInt(local.substring(colon + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            if (addr.startsWith("[") && addr.endsWith("]")) addr = addr.substring(1, addr.length() - 1);
            int pct = addr.indexOf('%');
            String iface = null;
            if (pct >= 0) {
                iface = addr.substring(pct + 1);
                addr = addr.substring(0, pct);
            }
            if (addr.equals("*")) addr = "any";
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("proto", f[0]);
            e.put("address", addr);
            e.put("port", port);
            if (iface != null) e.put("interface", iface);
            Matcher m = f.length == 7 ? PROC.matcher(f[6]) : null;
            boolean found = m != null && m.find();
            e.put("process", found ? m.group(1) : null);
            e.put("pid", found ? Integer.valueOf(m.group(2)) : null);
            list.add(e);
        }
        list.sort(Comparator.comparing((Map<String, Object> x) -> (String) x.get("proto"))
                .thenComparing(x -> (Integer) x.get("port")).thenComparing(x -> (String) x.get("address")));
        return list;
    }
}
