package dev.jsalt.minion.functions;

import dev.jsalt.common.wire.JobRequest;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code jsalt.render_calls}: the execution functions Salt runs on the minion while it renders a template
 * ({@code salt['user.info'](name)}, {@code salt['file.file_exists'](path)}, {@code salt['cmd.run'](cmd)}, ...).
 * jsalt renders on the master; the master sends this minion every such call of one compile in one job, as
 * {@code [{"function": ..., "args": [...], "kwargs": {...}}, ...]}, and gets back, in order, {@code {"ok": value}} or
 * {@code {"error": message}}. Only the functions of {@link #FUNCTIONS} are answered (read-only ones, plus
 * {@code cmd.run*}, which Salt also runs at render time), with Salt 3006.1's signatures and return shapes.
 */
public final class RenderCalls implements ExecFunction {
    public static final String FUNCTION = "jsalt.render_calls";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    /** One call's arguments, bound Python-style. */
    interface Fn {
        Object call(Bound a, FunctionContext ctx) throws Exception;
    }

    /** A refusal with Salt's wording: the template render fails with this message. */
    static final class CallError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallError(String message) {
            super(message);
        }
    }

    private record Spec(String[] names, Object[] defaults, Fn fn) {
    }

    private static final Object REQUIRED = new Object();
    private static final Map<String, Spec> FUNCTIONS = new TreeMap<>();

    private static void def(String name, String params, Fn fn, Object... defaults) {
        String[] names = params.isEmpty() ? new String[0] : params.split(",");
        FUNCTIONS.put(name, new Spec(names, defaults, fn));
    }

    static {
        def("user.info", "name", (a, c) -> userInfo(a.str("name")));
        def("group.info", "name", (a, c) -> groupInfo(a.str("name")));
        def("file.file_exists", "path", (a, c) -> Files.isRegularFile(expand(a.str("path"))));
        def("file.directory_exists", "path", (a, c) -> Files.isDirectory(expand(a.str("path"))));
        def("file.contains_regex", "path,regex,lchar", (a, c) -> containsRegex(a.str("path"), a.str("regex"), a.str("lchar")), "");
        def("file.readdir", "path", (a, c) -> readdir(a.str("path")));
        def("file.is_link", "path", (a, c) -> Files.isSymbolicLink(expand(a.str("path"))));
        def("cmd.has_exec", "cmd", (a, c) -> which(a.str("cmd")) != null);
        def("cmd.which", "cmd", (a, c) -> which(a.str("cmd")));
        def("cmd.run", "cmd,cwd,stdin,runas,shell,python_shell,env,timeout",
                (a, c) -> run(a, c).get("stdout_merged"), null, null, null, null, null, null, null);
        def("cmd.run_stdout", "cmd,cwd,stdin,runas,shell,python_shell,env,timeout",
                (a, c) -> run(a, c).get("stdout"), null, null, null, null, null, null, null);
        def("cmd.run_stderr", "cmd,cwd,stdin,runas,shell,python_shell,env,timeout",
                (a, c) -> run(a, c).get("stderr"), null, null, null, null, null, null, null);
        def("cmd.retcode", "cmd,cwd,stdin,runas,shell,python_shell,env,timeout",
                (a, c) -> run(a, c).get("retcode"), null, null, null, null, null, null, null);
        def("cmd.run_all", "cmd,cwd,stdin,runas,shell,python_shell,env,timeout", (a, c) -> {
            Map<String, Object> r = run(a, c);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("pid", r.get("pid"));
            out.put("retcode", r.get("retcode"));
            out.put("stdout", r.get("stdout"));
            out.put("stderr", r.get("stderr"));
            return out;
        }, null, null, null, null, null, null, null);
        def("dig.A", "host,nameserver", (a, c) -> dig(c, a.str("host"), "A", a.get("nameserver")), (Object) null);
        def("dig.AAAA", "host,nameserver", (a, c) -> dig(c, a.str("host"), "AAAA", a.get("nameserver")), (Object) null);
        def("network.ip_addrs", "interface,include_loopback,cidr,type",
                (a, c) -> ipAddrs(a.get("interface"), truthy(a.get("include_loopback")), false), null, false, null, null);
        def("network.ip_addrs6", "interface,include_loopback,cidr",
                (a, c) -> ipAddrs(a.get("interface"), truthy(a.get("include_loopback")), true), null, false, null);
        def("network.interfaces", "", (a, c) -> interfaces());
        def("network.get_hostname", "", (a, c) -> InetAddress.getLocalHost().getHostName().split("\\.")[0]);
        def("network.get_fqdn", "", (a, c) -> InetAddress.getLocalHost().getCanonicalHostName());
        def("pkg.version", "*names", (a, c) -> pkgVersion(c, a.varargs()));
        def("service.available", "name", (a, c) -> serviceAvailable(a.str("name")));
    }

    /** The functions answered, sorted (for messages and docs). */
    public static List<String> functions() {
        return List.copyOf(FUNCTIONS.keySet());
    }

    @Override
    public FunctionResult call(JobRequest job, FunctionContext ctx) {
        Object calls = !job.args().isEmpty() ? job.args().get(0) : job.kwargs().get("calls");
        if (!(calls instanceof List<?> list)) {
            return FunctionResult.failed(1, FUNCTION + " needs a list of calls");
        }
        List<Object> out = new ArrayList<>();
        for (Object c : list) {
            out.add(answer(c, ctx));
        }
        return FunctionResult.ok(out);
    }

    /** One call's answer: {@code {"ok": value}} or {@code {"error": message}}. */
    static Map<String, Object> answer(Object call, FunctionContext ctx) {
        Map<String, Object> r = new LinkedHashMap<>();
        try {
            if (!(call instanceof Map<?, ?> m) || !(m.get("function") instanceof String name)) {
                throw new CallError("a call must be {\"function\": ..., \"args\": [...], \"kwargs\": {...}}");
            }
            Spec spec = FUNCTIONS.get(name);
            if (spec == null) {
                throw new CallError("'" + name + "' is not a function jsalt's minions answer while rendering (available: "
                        + String.join(", ", FUNCTIONS.keySet()) + ")");
            }
            List<?> args = m.get("args") instanceof List<?> l ? l : List.of();
            Map<?, ?> kwargs = m.get("kwargs") instanceof Map<?, ?> k ? k : Map.of();
            Bound bound = Bound.of(name, spec, args, kwargs);
            r.put("ok", spec.fn().call(bound, ctx));
        } catch (CallError e) {
            r.put("error", e.getMessage());
        } catch (Exception e) {
            r.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return r;
    }

    /** Python-style binding of a call's arguments (positional, keyword, defaults; **kwargs of Salt's modules ignored). */
    static final class Bound {
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final List<Object> varargs = new ArrayList<>();

        static Bound of(String function, Spec spec, List<?> args, Map<?, ?> kwargs) {
            Bound b = new Bound();
            String[] names = spec.names();
            if (names.length == 1 && names[0].startsWith("*")) {
                b.varargs.addAll(args);
                return b;
            }
            if (args.size() > names.length) {
                throw new CallError(function + "() takes at most " + names.length + " positional arguments (" + args.size() + " given)");
            }
            for (int i = 0; i < args.size(); i++) {
                b.values.put(names[i], args.get(i));
            }
            for (Map.Entry<?, ?> e : kwargs.entrySet()) {
                String k = String.valueOf(e.getKey());
                if (java.util.Arrays.asList(names).contains(k)) {
                    if (b.values.containsKey(k)) {
                        throw new CallError(function + "() got multiple values for argument '" + k + "'");
                    }
                    b.values.put(k, e.getValue());
                }
            }
            int firstDefault = names.length - spec.defaults().length;
            for (int i = 0; i < names.length; i++) {
                if (!b.values.containsKey(names[i])) {
                    if (i < firstDefault) {
                        throw new CallError(function + "() missing required argument: '" + names[i] + "'");
                    }
                    b.values.put(names[i], spec.defaults()[i - firstDefault]);
                }
            }
            return b;
        }

        Object get(String name) {
            return values.get(name);
        }

        String str(String name) {
            Object v = values.get(name);
            return v == null ? null : String.valueOf(v);
        }

        List<Object> varargs() {
            return varargs;
        }
    }

    static boolean truthy(Object v) {
        return v != null && !Boolean.FALSE.equals(v) && !"".equals(v) && !(v instanceof Number n && n.doubleValue() == 0)
                && !(v instanceof java.util.Collection<?> c && c.isEmpty()) && !(v instanceof Map<?, ?> m && m.isEmpty());
    }

    private static Path expand(String path) {
        if (path == null) {
            throw new CallError("a path is required");
        }
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }

    // ---- users and groups (pwd/grp: /etc/passwd, /etc/group) --------------------------------------------------

    static Path passwdFile = Path.of("/etc/passwd");
    static Path groupFile = Path.of("/etc/group");

    private static List<String[]> table(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            rows.add(line.split(":", -1));
        }
        return rows;
    }

    /** useradd.info: Salt's keys in Salt's order, or {} for no such user. */
    static Map<String, Object> userInfo(String name) throws IOException {
        for (String[] pw : table(passwdFile)) {
            if (pw.length >= 7 && pw[0].equals(name)) {
                List<String> gecos = new ArrayList<>(List.of(pw[4].split(",", 5)));
                while (gecos.size() < 5) {
                    gecos.add("");
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("gid", Long.parseLong(pw[3]));
                out.put("groups", groupList(name, Long.parseLong(pw[3])));
                out.put("home", pw[5]);
                out.put("name", pw[0]);
                out.put("passwd", pw[1]);
                out.put("shell", pw[6]);
                out.put("uid", Long.parseLong(pw[2]));
                out.put("fullname", gecos.get(0));
                out.put("roomnumber", gecos.get(1));
                out.put("workphone", gecos.get(2));
                out.put("homephone", gecos.get(3));
                out.put("other", gecos.get(4));
                return out;
            }
        }
        return new LinkedHashMap<>();
    }

    /** salt.utils.user.get_group_list: the user's groups (supplementary and primary), sorted. */
    private static List<String> groupList(String user, long gid) throws IOException {
        TreeSet<String> groups = new TreeSet<>();
        for (String[] gr : table(groupFile)) {
            if (gr.length < 4) {
                continue;
            }
            if (List.of(gr[3].split(",")).contains(user) || gr[2].equals(Long.toString(gid))) {
                groups.add(gr[0]);
            }
        }
        return new ArrayList<>(groups);
    }

    /** groupadd.info: {name, passwd, gid, members}, or {} for no such group. */
    static Map<String, Object> groupInfo(String name) throws IOException {
        for (String[] gr : table(groupFile)) {
            if (gr.length >= 4 && gr[0].equals(name)) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("name", gr[0]);
                out.put("passwd", gr[1]);
                out.put("gid", Long.parseLong(gr[2]));
                out.put("members", gr[3].isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(gr[3].split(","))));
                return out;
            }
        }
        return new LinkedHashMap<>();
    }

    // ---- files ------------------------------------------------------------------------------------------------

    /** file.contains_regex: any line (lchar stripped from its start) matches {@code regex} (re.search). */
    static boolean containsRegex(String path, String regex, String lchar) {
        Path p = expand(path);
        if (!Files.exists(p)) {
            return false;
        }
        Pattern re = Pattern.compile(regex.replace("(?P<", "(?<").replace("\\Z", "\\z"), Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS);
        try (Stream<String> lines = linesKeepingEnds(p)) {
            return lines.anyMatch(line -> re.matcher(lchar == null || lchar.isEmpty() ? line : stripLeading(line, lchar)).find());
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    private static Stream<String> linesKeepingEnds(Path p) throws IOException {
        String text = Files.readString(p, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out.stream();
    }

    private static String stripLeading(String s, String chars) {
        int i = 0;
        while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return s.substring(i);
    }

    static List<String> readdir(String path) throws IOException {
        Path p = expand(path);
        if (!p.isAbsolute()) {
            throw new CallError("Dir path must be absolute.");
        }
        if (!Files.isDirectory(p)) {
            throw new CallError("A valid directory was not specified.");
        }
        List<String> out = new ArrayList<>(List.of(".", ".."));
        try (Stream<Path> s = Files.list(p)) {
            s.map(x -> x.getFileName().toString()).sorted().forEach(out::add);
        }
        return out;
    }

    /** salt.utils.path.which: an executable on PATH (or the path itself when it has a slash). */
    static String which(String cmd) {
        if (cmd == null || cmd.isEmpty()) {
            return null;
        }
        if (cmd.contains("/")) {
            Path p = Path.of(cmd);
            return Files.isExecutable(p) && !Files.isDirectory(p) ? cmd : null;
        }
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of((path == null ? "" : path).split(":")));
        for (String extra : List.of("/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin")) {
            if (!dirs.contains(extra)) {
                dirs.add(extra);
            }
        }
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, cmd);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return p.toString();
            }
        }
        return null;
    }

    // ---- commands -----------------------------------------------------------------------------------------------

    /** cmd.run and friends: python_shell defaults to False from a template (shlex split, no shell), as in Salt. */
    static Map<String, Object> run(Bound a, FunctionContext ctx) throws IOException {
        String cmd = a.str("cmd");
        if (cmd == null) {
            throw new CallError("cmd.run needs a command");
        }
        if (a.get("runas") != null) {
            throw new CallError("runas is not supported by jsalt while rendering");
        }
        List<String> argv;
        if (truthy(a.get("python_shell"))) {
            String shell = a.get("shell") == null ? "/bin/sh" : a.str("shell");
            argv = List.of(shell, "-c", cmd);
        } else {
            argv = shlexSplit(cmd);
        }
        if (argv.isEmpty()) {
            throw new CallError("Unable to run command '" + cmd + "': empty command");
        }
        if (which(argv.get(0)) == null) {
            throw new CallError("Unable to run command '" + cmd + "' with the context '{}', reason: command not found");
        }
        CommandSpec spec = CommandSpec.of(argv);
        Object timeout = a.get("timeout");
        spec = spec.withTimeout(timeout instanceof Number n && n.doubleValue() > 0 ? Duration.ofMillis((long) (n.doubleValue() * 1000)) : DEFAULT_TIMEOUT);
        if (a.get("cwd") != null) {
            spec = spec.withCwd(Path.of(a.str("cwd")));
        }
        if (a.get("stdin") != null) {
            spec = spec.withStdin(a.str("stdin"));
        }
        if (a.get("env") instanceof Map<?, ?> env) {
            Map<String, String> e = new LinkedHashMap<>();
            env.forEach((k, v) -> e.put(String.valueOf(k), String.valueOf(v)));
            spec = spec.withEnv(e);
        }
        CommandRunner runner = ctx.commands();
        CommandResult r = runner.run(spec);
        if (r.timedOut()) {
            throw new CallError("Timed out after " + spec.timeout().toSeconds() + " seconds: " + cmd);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pid", 0L);
        out.put("retcode", (long) r.exitCode());
        out.put("stdout", r.stdout().stripTrailing());
        out.put("stderr", r.stderr().stripTrailing());
        String merged = r.stderr().isEmpty() ? r.stdout() : r.stdout().isEmpty() ? r.stderr() : r.stdout() + r.stderr();
        out.put("stdout_merged", merged.stripTrailing());
        return out;
    }

    /** shlex.split (POSIX mode, no comments). */
    static List<String> shlexSplit(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new CallError("No closing quotation");
                }
                cur.append(s, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new CallError("No closing quotation");
                    }
                    char d = s.charAt(i);
                    if (d == '"') {
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
                        cur.append(s.charAt(i + 1));
                        i += 2;
                    } else {
                        cur.append(d);
                        i++;
                    }
                }
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= s.length()) {
                    throw new CallError("No escaped character");
                }
                cur.append(s.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                cur.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }

    /** dig.A / dig.AAAA: {@code dig +short} answers of that type (Salt's dig module needs the dig binary). */
    static List<String> dig(FunctionContext ctx, String host, String type, Object nameserver) throws IOException {
        if (which("dig") == null) {
            throw new CallError("'dig." + type + "' is not available.");
        }
        List<String> argv = new ArrayList<>(List.of("dig", "+short", host, type));
        if (nameserver != null) {
            argv.add("@" + nameserver);
        }
        CommandResult r = ctx.commands().run(CommandSpec.of(argv).withTimeout(Duration.ofSeconds(30)));
        if (r.exitCode() != 0) {
            return new ArrayList<>();
        }
        List<String> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            String l = line.strip();
            boolean ok = type.equals("A") ? l.matches("\\d{1,3}(\\.\\d{1,3}){3}") : l.contains(":") && l.matches("[0-9a-fA-F:.]+");
            if (ok) {
                out.add(l);
            }
        }
        return out;
    }

    // ---- network ------------------------------------------------------------------------------------------------

    static List<String> ipAddrs(Object iface, boolean includeLoopback, boolean v6) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (iface != null && !ni.getName().equals(String.valueOf(iface))) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if ((v6 && a instanceof Inet6Address) || (!v6 && a instanceof Inet4Address)) {
                    if (!includeLoopback && a.isLoopbackAddress()) {
                        continue;
                    }
                    out.add(addressText(a));
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static String addressText(InetAddress a) {
        String s = a.getHostAddress();
        int pct = s.indexOf('%');
        if (pct >= 0) {
            s = s.substring(0, pct);
        }
        if (a instanceof Inet6Address) {
            s = compressV6(s);
        }
        return s;
    }

    /** Python's ipaddress text of an IPv6 address: lower case, longest run of two or more zero groups as "::". */
    static String compressV6(String full) {
        String[] parts = full.split(":");
        if (parts.length != 8) {
            return full;
        }
        for (int i = 0; i < 8; i++) {
            parts[i] = Integer.toHexString(Integer.parseInt(parts[i], 16));
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (parts[i].equals("0")) {
                int j = i;
                while (j < 8 && parts[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestLen = j - i;
                    bestStart = i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestLen < 2) {
            return String.join(":", parts);
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(parts, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(parts, bestStart + bestLen, 8));
        return head + "::" + tail;
    }

    static Map<String, Object> interfaces() throws IOException {
        Map<String, Object> out = new TreeMap<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            Map<String, Object> data = new LinkedHashMap<>();
            byte[] mac = ni.getHardwareAddress();
            if (mac != null) {
                StringBuilder b = new StringBuilder();
                for (byte x : mac) {
                    b.append(b.length() > 0 ? ":" : "").append(String.format("%02x", x));
                }
                data.put("hwaddr", b.toString());
            } else if (ni.isLoopback()) {
                data.put("hwaddr", "00:00:00:00:00:00");
            }
            List<Object> inet = new ArrayList<>();
            List<Object> inet6 = new ArrayList<>();
            for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                Map<String, Object> addr = new LinkedHashMap<>();
                if (ia.getAddress() instanceof Inet4Address) {
                    addr.put("address", ia.getAddress().getHostAddress());
                    addr.put("netmask", netmask(ia.getNetworkPrefixLength()));
                    if (ia.getBroadcast() != null) {
                        addr.put("broadcast", ia.getBroadcast().getHostAddress());
                    }
                    addr.put("label", ni.getName());
                    inet.add(addr);
                } else {
                    addr.put("address", addressText(ia.getAddress()));
                    addr.put("prefixlen", Integer.toString(ia.getNetworkPrefixLength()));
                    addr.put("scope", ia.getAddress().isLinkLocalAddress() ? "link" : ia.getAddress().isLoopbackAddress() ? "host" : "global");
                    inet6.add(addr);
                }
            }
            if (!inet.isEmpty()) {
                data.put("inet", inet);
            }
            if (!inet6.isEmpty()) {
                data.put("inet6", inet6);
            }
            data.put("up", ni.isUp());
            out.put(ni.getName(), data);
        }
        return new LinkedHashMap<>(out);
    }

    private static String netmask(int prefix) {
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return ((mask >> 24) & 0xFF) + "." + ((mask >> 16) & 0xFF) + "." + ((mask >> 8) & 0xFF) + "." + (mask & 0xFF);
    }

    // ---- packages and services ----------------------------------------------------------------------------------

    /** pkg.version: the installed version ('' if not installed); a dict for several names. */
    static Object pkgVersion(FunctionContext ctx, List<Object> names) throws IOException {
        if (names.isEmpty()) {
            throw new CallError("pkg.version needs at least one package name");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object n : names) {
            String name = String.valueOf(n);
            String v = "";
            if (which("dpkg-query") != null) {
                CommandResult r = ctx.commands().run(CommandSpec.of("dpkg-query", "-W", "-f=${db:Status-Abbrev} ${Version}", name)
                        .withTimeout(Duration.ofSeconds(60)));
                String line = r.stdout().strip();
                if (r.exitCode() == 0 && line.startsWith("ii")) {
                    v = line.substring(line.lastIndexOf(' ') + 1);
                }
            }
            out.put(name, v);
        }
        return names.size() == 1 ? out.values().iterator().next() : out;
    }

    static boolean serviceAvailable(String name) {
        if (name == null) {
            return false;
        }
        for (String dir : List.of("/etc/systemd/system", "/run/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system")) {
            String unit = name.contains(".") ? name : name + ".service";
            if (Files.exists(Path.of(dir, unit))) {
                return true;
            }
        }
        return Files.isRegularFile(Path.of("/etc/init.d", name));
    }
}
