package dev.jsalt.minion.states.ufw;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the {@code ### tuple ###} lines ufw writes into user.rules / user6.rules. They are ufw's own record of the
 * rules the operator added (the iptables lines below them are generated from them), so they are the source of truth
 * for what is declared on the host, and cheaper to read than running {@code ufw status} (a Python start-up).
 *
 * <p>Format (ufw 0.36): {@code ACTION[_LOG] PROTO DPORT DST SPORT SRC [DAPP SAPP] DIR[_IFACE[!out_IFACE]]
 * [comment=HEX]}; ACTION is {@code route:ACTION} for routed rules.
 */
public final class TupleParser {
    private static final Logger log = LoggerFactory.getLogger(TupleParser.class);
    private static final String MARK = "### tuple ###";

    private TupleParser() {
    }

    /** All rules in one rules file's text; malformed tuples are skipped with a warning, as ufw itself does. */
    public static List<UfwRule> parseFile(String text, boolean v6) {
        List<UfwRule> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith(MARK)) continue;
            try {
                out.add(parse(line, v6));
            } catch (IllegalArgumentException e) {
                log.warn("skipping malformed ufw tuple '{}': {}", line, e.getMessage());
            }
        }
        return out;
    }

    /** One {@code ### tuple ###} line. */
    public static UfwRule parse(String line, boolean v6) {
        String body = line.startsWith(MARK) ? line.substring(MARK.length()) : line;
        String comment = "";
        int c = body.indexOf(" comment=");
        if (c >= 0) {
            comment = unhex(body.substring(c + " comment=".length()).trim());
            body = body.substring(0, c);
        }
        String[] f = body.trim().split("\\s+");
        if (f.length < 6 || f.length > 9) throw new IllegalArgumentException("expected 6 to 9 fields, got " + f.length);

        String action = f[0];
        boolean route = false;
        if (action.startsWith("route:")) {
            route = true;
            action = action.substring("route:".length());
        }
        String logType = "";
        int u = action.indexOf('_');
        if (u >= 0) {
            logType = action.substring(u + 1);
            action = action.substring(0, u);
        }

        // 6 and 8 fields are ufw's pre-direction format: those rules were all inbound
        String direction = "in";
        String ifaceIn = "";
        String ifaceOut = "";
        if (f.length == 7 || f.length == 9) {
            String ifaces = f[f.length - 1];
            if (ifaces.contains("!")) {
                String[] io = ifaces.split("!", 2);
                ifaceIn = after(io[0], "in_");
                ifaceOut = after(io[1], "out_");
            } else if (ifaces.startsWith("in_")) {
                ifaceIn = ifaces.substring(3);
            } else if (ifaces.startsWith("out_")) {
                direction = "out";
                ifaceOut = ifaces.substring(4);
            } else if (ifaces.equals("out")) {
                direction = "out";
            } else if (!ifaces.equals("in")) {
                throw new IllegalArgumentException("bad direction/interface field '" + ifaces + "'");
            }
        }
        String dapp = "";
        String sapp = "";
        if (f.length >= 8) {
            dapp = f[6].equals("-") ? "" : f[6].replace("%20", " ");
            sapp = f[7].equals("-") ? "" : f[7].replace("%20", " ");
        }
        return new UfwRule(action, logType, route, direction, ifaceIn, ifaceOut, f[1], Ports.parse(f[2]),
                Address.parse(f[3]), Ports.parse(f[4]), Address.parse(f[5]), dapp, sapp, v6, comment);
    }

    private static String after(String s, String prefix) {
        if (!s.startsWith(prefix)) throw new IllegalArgumentException("bad interface field '" + s + "'");
        return s.substring(prefix.length());
    }

    private static String unhex(String hex) {
        try {
            return new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // not hex: an older ufw wrote it verbatim
            return hex;
        }
    }
}
