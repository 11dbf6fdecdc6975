package dev.jsalt.master.compile.salt;

import dev.jsalt.jinja.Environment;
import dev.jsalt.jinja.Invocation;
import dev.jsalt.jinja.JinjaCallable;
import dev.jsalt.jinja.PythonError;
import dev.jsalt.jinja.TemplateRuntimeError;
import dev.jsalt.jinja.builtins.PPrint;
import dev.jsalt.jinja.builtins.PySort;
import dev.jsalt.jinja.runtime.TemplateModule;
import dev.jsalt.jinja.value.Markup;
import dev.jsalt.jinja.value.Num;
import dev.jsalt.jinja.value.Ops;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyDict;
import dev.jsalt.jinja.value.PyIter;
import dev.jsalt.jinja.value.PyStr;
import dev.jsalt.jinja.value.PyTuple;
import dev.jsalt.jinja.value.Undefined;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * Salt 3006.1's Jinja filters, with Salt's semantics and output: the {@code SerializerExtension} filters of
 * {@code salt/utils/jinja.py} ({@code yaml json xml python load_yaml load_json load_text dict_to_sls_yaml_params} and
 * the itertools ones) and the {@code @jinja_filter} functions of {@code salt/utils/jinja.py}, {@code data.py},
 * {@code hashutils.py}, {@code network.py}, {@code stringutils.py}, {@code dateutils.py}, {@code yamlencoding.py}.
 * Where Salt's filter replaces a Jinja2 builtin ({@code tojson min max unique}) Salt's wins, as it does in Salt.
 *
 * <p>Filters Salt has that read the rendering host ({@code which is_text_file list_files file_hashsum http_query
 * dns_check ...}) or need a library jsalt does not carry ({@code json_query}: jmespath) are registered so that a
 * template using one fails with a message naming it, instead of reading the master's machine.
 */
public final class SaltFilters {
    private SaltFilters() {
    }

    /** Filters registered as refusals: name → why. */
    public static final Map<String, String> REFUSED = Collections.unmodifiableMap(new TreeMap<>(Map.ofEntries(
            Map.entry("json_query", "needs the jmespath library, which jsalt does not implement"),
            Map.entry("xml", "Salt's XML serializer is not implemented in jsalt"),
            Map.entry("which", "would look at the master's PATH, not the minion's"),
            Map.entry("which_bin", "would look at the master's PATH, not the minion's"),
            Map.entry("is_text_file", "would read the master's file system, not the minion's"),
            Map.entry("is_bin_file", "would read the master's file system, not the minion's"),
            Map.entry("is_empty", "would read the master's file system, not the minion's"),
            Map.entry("list_files", "would read the master's file system, not the minion's"),
            Map.entry("file_hashsum", "would read the master's file system, not the minion's"),
            Map.entry("http_query", "would make an HTTP request from the master while rendering"),
            Map.entry("dns_check", "would resolve names on the master, not the minion"),
            Map.entry("method_call", "calls arbitrary methods, which jsalt's sandbox does not allow"),
            Map.entry("compare_dicts", "its result order depends on Python's set hashing"),
            Map.entry("compare_lists", "not implemented in jsalt"),
            Map.entry("mysql_to_dict", "not implemented in jsalt"),
            Map.entry("json_decode_dict", "returns Python bytes, which jsalt's engine does not have"),
            Map.entry("json_encode_dict", "returns Python bytes, which jsalt's engine does not have"),
            Map.entry("json_decode_list", "returns Python bytes, which jsalt's engine does not have"),
            Map.entry("json_encode_list", "returns Python bytes, which jsalt's engine does not have"),
            Map.entry("to_bytes", "returns Python bytes, which jsalt's engine does not have"),
            Map.entry("gen_mac", "random MAC addresses are not implemented in jsalt"),
            Map.entry("mac_str_to_bytes", "returns Python bytes, which jsalt's engine does not have"))));

    /** Salt's filters, name → implementation (refusals included). */
    public static Map<String, JinjaCallable> all() {
        return FILTERS;
    }

    /** Registers every Salt filter on {@code b} (replacing Jinja2's tojson, min, max and unique, as Salt does). */
    public static Environment.Builder register(Environment.Builder b) {
        FILTERS.forEach(b::filter);
        return b;
    }

    private static final Map<String, JinjaCallable> FILTERS = Collections.unmodifiableMap(build());

    private static Map<String, JinjaCallable> build() {
        Map<String, JinjaCallable> m = new LinkedHashMap<>();
        // salt/utils/jinja.py: SerializerExtension
        m.put("yaml", SaltFilters::formatYaml);
        m.put("json", SaltFilters::formatJson);
        m.put("python", c -> new Markup(PyStr.strip(PPrint.pformat(c.bind("format_python", new String[] {"value"})[0]), null, true, true)));
        m.put("load_yaml", SaltFilters::loadYaml);
        m.put("load_json", SaltFilters::loadJson);
        m.put("load_text", c -> {
            Object v = c.bind("load_text", new String[] {"value"})[0];
            return v instanceof TemplateModule t ? t.body() : v;
        });
        m.put("dict_to_sls_yaml_params", SaltFilters::dictToSlsYamlParams);
        m.put("combinations", c -> Itertools.combinations(c, false));
        m.put("combinations_with_replacement", c -> Itertools.combinations(c, true));
        m.put("compress", Itertools::compress);
        m.put("permutations", Itertools::permutations);
        m.put("product", Itertools::product);
        m.put("zip", Itertools::zip);
        m.put("zip_longest", Itertools::zipLongest);
        // salt/utils/jinja.py: @jinja_filter
        m.put("skip", c -> {
            c.bind("skip_filter", new String[] {"data"});
            return "";
        });
        m.put("sequence", c -> {
            Object v = c.bind("ensure_sequence_filter", new String[] {"data"})[0];
            if (v instanceof List<?> || v instanceof Map<?, ?>) {
                return v;
            }
            List<Object> one = new ArrayList<>();
            one.add(v);
            return one;
        });
        m.put("to_bool", c -> toBool(c.bind("to_bool", new String[] {"val"})[0]));
        m.put("tojson", SaltFilters::tojson);
        m.put("quote", c -> quote(c.bind("quote", new String[] {"txt"})[0]));
        m.put("regex_escape", c -> PyRegex.escape(str(c.bind("regex_escape", new String[] {"value"})[0], "regex_escape")));
        m.put("regex_search", c -> regexFind(c, "regex_search", false));
        m.put("regex_match", c -> regexFind(c, "regex_match", true));
        m.put("regex_replace", SaltFilters::regexReplace);
        m.put("uuid", c -> uuid5(c.bind("uuid_", new String[] {"val"})[0]));
        m.put("unique", c -> unique(c.bind("unique", new String[] {"values"})[0]));
        m.put("min", c -> minMax(c.bind("lst_min", new String[] {"obj"})[0], false));
        m.put("max", c -> minMax(c.bind("lst_max", new String[] {"obj"})[0], true));
        m.put("avg", c -> avg(c.bind("lst_avg", new String[] {"lst"})[0]));
        m.put("union", c -> setOp(c, "union"));
        m.put("intersect", c -> setOp(c, "intersect"));
        m.put("difference", c -> setOp(c, "difference"));
        m.put("symmetric_difference", c -> setOp(c, "symmetric_difference"));
        // salt/utils/yamlencoding.py
        m.put("yaml_encode", c -> SaltYaml.encode(c.bind("yaml_encode", new String[] {"data"})[0]));
        m.put("yaml_dquote", c -> SaltYaml.dquote(Py.str(c.bind("yaml_dquote", new String[] {"text"})[0])));
        m.put("yaml_squote", c -> SaltYaml.squote(Py.str(c.bind("yaml_squote", new String[] {"text"})[0])));
        // salt/utils/data.py
        m.put("traverse", c -> {
            Object[] a = c.bind("traverse_dict_and_list", new String[] {"data", "key", "default", "delimiter"}, null, ":");
            return Traverse.traverse(a[0], a[1], a[2], a[3]);
        });
        m.put("is_list", c -> isList(c.bind("is_list", new String[] {"value"})[0]));
        m.put("is_iter", c -> {
            Object v = c.bind("is_iter", new String[] {"thing"})[0];
            return !(Py.isStr(v)) && Py.isIterable(v);
        });
        m.put("sorted_ignorecase", c -> {
            Object v = c.bind("sorted_ignorecase", new String[] {"to_sort"})[0];
            return PySort.sorted(Py.toList(v), x -> PyStr.lower(str(x, "lower")), false);
        });
        m.put("exactly_n_true", c -> {
            Object[] a = c.bind("exactly_n", new String[] {"iterable", "amount"}, 1L);
            return exactlyN(a[0], a[1]);
        });
        m.put("exactly_one_true", c -> exactlyN(c.bind("exactly_one", new String[] {"iterable"})[0], 1L));
        // salt/utils/hashutils.py
        m.put("md5", c -> digest("MD5", c.bind("md5_digest", new String[] {"instr"})[0]));
        m.put("sha1", c -> digest("SHA-1", c.bind("sha1_digest", new String[] {"instr"})[0]));
        m.put("sha256", c -> digest("SHA-256", c.bind("sha256_digest", new String[] {"instr"})[0]));
        m.put("sha512", c -> digest("SHA-512", c.bind("sha512_digest", new String[] {"instr"})[0]));
        m.put("base64_encode", c -> Base64.getEncoder().encodeToString(bytes(c.bind("base64_b64encode", new String[] {"instr"})[0])));
        m.put("base64_decode", c -> base64Decode(c.bind("base64_b64decode", new String[] {"instr"})[0]));
        m.put("hmac", c -> {
            Object[] a = c.bind("hmac_signature", new String[] {"string", "shared_secret", "challenge_hmac"});
            String valid = Base64.getEncoder().encodeToString(hmacSha256(bytes(a[1]), bytes(a[0])));
            return java.util.Arrays.equals(valid.getBytes(StandardCharsets.US_ASCII), bytes(a[2]));
        });
        m.put("hmac_compute", c -> {
            Object[] a = c.bind("hmac_compute", new String[] {"string", "shared_secret"});
            return HexFormat.of().formatHex(hmacSha256(bytes(a[1]), bytes(a[0])));
        });
        m.put("random_hash", SaltFilters::randomHash);
        m.put("rand_str", SaltFilters::randomHash);
        // salt/utils/network.py
        m.put("is_ip", c -> {
            Object[] a = c.bind("is_ip_filter", new String[] {"ip_addr", "options"}, (Object) null);
            return Network.isIpv(a[0], 4, a[1]) != null || Network.isIpv(a[0], 6, a[1]) != null;
        });
        m.put("is_ipv4", c -> {
            Object[] a = c.bind("is_ipv4_filter", new String[] {"ip_addr", "options"}, (Object) null);
            return Network.isIpv(a[0], 4, a[1]) != null;
        });
        m.put("is_ipv6", c -> {
            Object[] a = c.bind("is_ipv6_filter", new String[] {"ip_addr", "options"}, (Object) null);
            return Network.isIpv(a[0], 6, a[1]) != null;
        });
        m.put("ipv4", c -> {
            Object[] a = c.bind("ipv4", new String[] {"value", "options"}, (Object) null);
            return Network.ipvFilter(a[0], 4, a[1]);
        });
        m.put("ipv6", c -> {
            Object[] a = c.bind("ipv6", new String[] {"value", "options"}, (Object) null);
            return Network.ipvFilter(a[0], 6, a[1]);
        });
        m.put("ipaddr", c -> {
            Object[] a = c.bind("ipaddr", new String[] {"value", "options"}, (Object) null);
            return Network.ipaddr(a[0], a[1]);
        });
        m.put("ip_host", c -> {
            Object[] a = c.bind("ip_host", new String[] {"value", "options", "version"}, null, null);
            return Network.perEntry(a, e -> PyIpAddress.iface(e).toString());
        });
        m.put("network_hosts", c -> {
            Object[] a = c.bind("network_hosts", new String[] {"value", "options", "version"}, null, null);
            return Network.perEntry(a, Network::hosts);
        });
        m.put("network_size", c -> {
            Object[] a = c.bind("network_size", new String[] {"value", "options", "version"}, null, null);
            return Network.perEntry(a, e -> {
                PyIpAddress.Ip n = PyIpAddress.network(e);
                return Num.norm(BigInteger.ONE.shiftLeft(n.maxPrefix() - n.prefix()));
            });
        });
        // salt/utils/stringutils.py
        m.put("to_num", c -> toNum(c.bind("to_num", new String[] {"text"})[0]));
        m.put("str_to_num", c -> toNum(c.bind("to_num", new String[] {"text"})[0]));
        m.put("is_hex", c -> isHex(c.bind("is_hex", new String[] {"value"})[0]));
        m.put("contains_whitespace", c -> {
            Object v = c.bind("contains_whitespace", new String[] {"text"})[0];
            for (Iterator<Object> it = Py.iter(v); it.hasNext(); ) {
                String ch = str(it.next(), "isspace");
                if (!ch.isEmpty() && ch.codePoints().allMatch(PyStr::isSpace)) {
                    return true;
                }
            }
            return false;
        });
        m.put("human_to_bytes", SaltFilters::humanToBytes);
        m.put("to_snake_case", c -> snakeCase(str(c.bind("camel_to_snake_case", new String[] {"camel_input"})[0], "camel_input")));
        m.put("to_camelcase", c -> {
            Object[] a = c.bind("snake_to_camel_case", new String[] {"snake_input", "uppercamel"}, false);
            return camelCase(str(a[0], "snake_input"), Py.truthy(a[1]));
        });
        m.put("random_str", c -> {
            long size = Num.toLong(c.bind("random", new String[] {"size"}, 32L)[0]);
            byte[] key = new byte[(int) Math.max(0, Math.min(size, 1 << 20))];
            new SecureRandom().nextBytes(key);
            String b64 = Base64.getEncoder().encodeToString(key);
            return b64.substring(0, (int) Math.min(b64.length(), key.length));
        });
        m.put("check_whitelist_blacklist", SaltFilters::checkWhitelistBlacklist);
        // salt/utils/dateutils.py
        m.put("strftime", SaltFilters::strftime);
        m.put("date_format", SaltFilters::strftime);
        // refused
        REFUSED.forEach((name, why) -> m.put(name, c -> {
            throw new TemplateRuntimeError("Salt's '" + name + "' filter is not available in jsalt: " + why);
        }));
        return m;
    }

    static String str(Object v, String what) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Markup mk) {
            return mk.text();
        }
        if (v instanceof Undefined u) {
            u.failIfStrict();
        }
        throw Py.typeError("expected string or bytes-like object, got '" + Py.typeName(v) + "'");
    }

    // ---- serializers ----------------------------------------------------------------------------------------------

    private static Object formatYaml(Invocation c) {
        Object[] a = c.bind("format_yaml", new String[] {"value", "flow_style"}, true);
        return new Markup(yamlText(a[0], a[1] == null ? null : Py.truthy(a[1])));
    }

    /** format_yaml's text: safe_dump, stripped, a trailing document end marker removed. */
    static String yamlText(Object value, Boolean flowStyle) {
        String txt = PyStr.strip(SaltYaml.safeDump(value, flowStyle), null, true, true);
        if (txt.endsWith("\n...")) {
            txt = txt.substring(0, txt.length() - 4);
        }
        return txt;
    }

    private static Object formatJson(Invocation c) {
        Object[] a = c.bind("format_json", new String[] {"value", "sort_keys", "indent"}, true, null);
        return new Markup(PyStr.strip(PyJson.dumps(a[0], Py.truthy(a[1]), a[2], false), null, true, true));
    }

    private static Object tojson(Invocation c) {
        Object[] a = c.bind("tojson", new String[] {"val", "indent"}, (Object) null);
        return PyJson.dumps(a[0], false, a[1], true)
                .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027");
    }

    private static Object loadYaml(Invocation c) {
        Object v = c.bind("load_yaml", new String[] {"value"})[0];
        if (v instanceof TemplateModule t) {
            v = t.body();
        }
        if (!(v instanceof String)) {
            // libyaml's loader takes exactly a str (not even Markup, the yaml filter's output)
            throw Py.typeError("a string or stream input is required");
        }
        try {
            return SaltYaml.safeLoad(v.toString(), false);
        } catch (SaltYaml.YamlLoadException e) {
            throw new TemplateRuntimeError("Encountered error loading yaml: " + e.getMessage());
        }
    }

    private static Object loadJson(Invocation c) {
        Object v = c.bind("load_json", new String[] {"value"})[0];
        if (v instanceof TemplateModule t) {
            v = t.body();
        }
        if (!(v instanceof String) && !(v instanceof Markup)) {
            throw new TemplateRuntimeError("Unable to load json from " + Py.str(v));
        }
        try {
            return PyJson.loads(v.toString());
        } catch (PyJson.JsonError e) {
            throw new TemplateRuntimeError("Unable to load json from " + v);
        }
    }

    private static Object dictToSlsYamlParams(Invocation c) {
        Object[] a = c.bind("dict_to_sls_yaml_params", new String[] {"value", "flow_style"}, false);
        if (!(a[0] instanceof Map<?, ?> map)) {
            throw new PythonError(PythonError.Kind.AttributeError, "'" + Py.typeName(a[0]) + "' object has no attribute 'items'");
        }
        List<Object> params = new ArrayList<>();
        for (Iterator<? extends Map.Entry<?, ?>> it = Py.mapEntryIterator(map); it.hasNext(); ) {
            Map.Entry<?, ?> e = it.next();
            PyDict one = new PyDict();
            one.put(e.getKey(), e.getValue());
            params.add(one);
        }
        return new Markup(yamlText(params, a[1] == null ? null : Py.truthy(a[1])));
    }

    // ---- jinja.py filters ---------------------------------------------------------------------------------------

    static boolean toBool(Object val) {
        if (val == null) {
            return false;
        }
        if (val instanceof Boolean b) {
            return b;
        }
        if (val instanceof String || val instanceof Markup) {
            String s = PyStr.lower(val.toString());
            return s.equals("yes") || s.equals("1") || s.equals("true");
        }
        if (Num.isInt(val)) {
            return Num.toBig(val).signum() > 0;
        }
        if ((val instanceof List<?> && !(val instanceof PyTuple)) || val instanceof Map<?, ?>) {
            return Py.len(val) > 0;
        }
        return false;
    }

    /** shlex.quote. */
    static String quote(Object v) {
        if (!Py.truthy(v)) {
            return "''";
        }
        String s = str(v, "quote");
        boolean safe = true;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || "_@%+=:,./-".indexOf(ch) >= 0)) {
                safe = false;
                break;
            }
        }
        if (safe) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    private static int reFlags(Object ignorecase, Object multiline) {
        return (Py.truthy(ignorecase) ? PyRegex.IGNORECASE : 0) | (Py.truthy(multiline) ? PyRegex.MULTILINE : 0);
    }

    private static Object regexFind(Invocation c, String name, boolean anchored) {
        Object[] a = c.bind(name, new String[] {"txt", "rgx", "ignorecase", "multiline"}, false, false);
        PyRegex.Compiled re = PyRegex.compile(str(a[1], name), reFlags(a[2], a[3]));
        Matcher m = re.pattern().matcher(str(a[0], name));
        boolean found = anchored ? m.lookingAt() : m.find();
        if (!found) {
            return null;
        }
        Object[] groups = new Object[m.groupCount()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = m.group(i + 1);
        }
        return PyTuple.of(groups);
    }

    private static Object regexReplace(Invocation c) {
        Object[] a = c.bind("regex_replace", new String[] {"txt", "rgx", "val", "ignorecase", "multiline"}, false, false);
        PyRegex.Compiled re = PyRegex.compile(str(a[1], "regex_replace"), reFlags(a[3], a[4]));
        return PyRegex.sub(re, str(a[2], "regex_replace"), str(a[0], "regex_replace"));
    }

    private static final byte[] GLOBAL_UUID = HexFormat.of().parseHex("91633EBF1C865E33935A28061F4B480E");

    /** uuid.uuid5(GLOBAL_UUID, to_str(val)). */
    static String uuid5(Object val) {
        String name = stringArg(val);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(GLOBAL_UUID);
            sha1.update(name.getBytes(StandardCharsets.UTF_8));
            byte[] h = java.util.Arrays.copyOf(sha1.digest(), 16);
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            String hex = HexFormat.of().formatHex(h);
            return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-" + hex.substring(20);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** salt.utils.stringutils.to_str / to_bytes of a str; anything else is the TypeError Salt raises. */
    private static String stringArg(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Markup mk) {
            return mk.text();
        }
        if (v instanceof Undefined u) {
            u.failIfStrict();
        }
        throw Py.typeError("expected str, bytes, or bytearray not <class '" + Py.typeName(v) + "'>");
    }

    private static boolean hashable(Object v) {
        return !(v instanceof Map<?, ?>) && !(v instanceof List<?> && !(v instanceof PyTuple));
    }

    /** Salt's unique: a list of first occurrences; a hashable value (str, tuple) would become a Python set. */
    static Object unique(Object values) {
        if (hashable(values)) {
            if (values instanceof Undefined u) {
                u.failIfStrict();
            }
            throw new TemplateRuntimeError("Salt's unique filter turns a " + Py.typeName(values)
                    + " into a Python set, whose order Python does not define; jsalt only supports it on lists and dicts");
        }
        List<Object> ret = new ArrayList<>();
        for (Iterator<Object> it = Py.iter(values); it.hasNext(); ) {
            Object v = it.next();
            if (!Py.contains(ret, v)) {
                ret.add(v);
            }
        }
        return ret;
    }

    private static Object minMax(Object obj, boolean max) {
        Iterator<Object> it = Py.iter(obj);
        if (!it.hasNext()) {
            throw Py.valueError((max ? "max" : "min") + "() arg is an empty sequence");
        }
        Object best = it.next();
        while (it.hasNext()) {
            Object v = it.next();
            if (max ? Py.lt(best, v) : Py.lt(v, best)) {
                best = v;
            }
        }
        return best;
    }

    private static Object avg(Object lst) {
        if (!hashable(lst)) {
            Object sum = 0L;
            for (Iterator<Object> it = Py.iter(lst); it.hasNext(); ) {
                sum = Ops.add(sum, it.next(), Ops.SizeCheck.NONE);
            }
            return Num.toDouble(Ops.truediv(sum, Py.len(lst)));
        }
        if (lst instanceof String || lst instanceof Markup) {
            try {
                return Double.parseDouble(lst.toString().strip().replace("_", ""));
            } catch (NumberFormatException e) {
                throw Py.valueError("could not convert string to float: " + Py.repr(lst.toString()));
            }
        }
        if (Num.isNumber(lst) || lst instanceof Boolean) {
            return Num.toDouble(lst instanceof Boolean b ? (b ? 1L : 0L) : lst);
        }
        throw Py.typeError("float() argument must be a string or a real number, not '" + Py.typeName(lst) + "'");
    }

    private static Object setOp(Invocation c, String op) {
        Object[] a = c.bind(op, new String[] {"lst1", "lst2"});
        return setOp(op, a[0], a[1]);
    }

    private static Object setOp(String op, Object l1, Object l2) {
        if (hashable(l1) && hashable(l2)) {
            throw new TemplateRuntimeError("Salt's " + op + " filter on a " + Py.typeName(l1) + " and a " + Py.typeName(l2)
                    + " gives a Python set, whose order Python does not define; jsalt only supports it on lists");
        }
        return switch (op) {
            case "union" -> unique(Ops.add(l1, l2, Ops.SizeCheck.NONE));
            case "intersect" -> {
                List<Object> keep = new ArrayList<>();
                for (Iterator<Object> it = Py.iter(l1); it.hasNext(); ) {
                    Object e = it.next();
                    if (Py.contains(l2, e)) {
                        keep.add(e);
                    }
                }
                yield unique(keep);
            }
            case "difference" -> {
                List<Object> keep = new ArrayList<>();
                for (Iterator<Object> it = Py.iter(l1); it.hasNext(); ) {
                    Object e = it.next();
                    if (!Py.contains(l2, e)) {
                        keep.add(e);
                    }
                }
                yield unique(keep);
            }
            default -> {
                Object union = setOp("union", l1, l2);
                Object inter = setOp("intersect", l1, l2);
                List<Object> keep = new ArrayList<>();
                for (Iterator<Object> it = Py.iter(union); it.hasNext(); ) {
                    Object e = it.next();
                    if (!Py.contains(inter, e)) {
                        keep.add(e);
                    }
                }
                yield unique(keep);
            }
        };
    }

    // ---- data.py ------------------------------------------------------------------------------------------------

    static boolean isList(Object v) {
        return v instanceof List<?> && !(v instanceof PyTuple);
    }

    private static boolean exactlyN(Object iterable, Object amount) {
        long n = 0;
        for (Iterator<Object> it = Py.iter(iterable); it.hasNext(); ) {
            if (Py.truthy(it.next())) {
                n++;
            }
        }
        return Py.eq(n, amount);
    }

    // ---- hashutils.py -------------------------------------------------------------------------------------------

    private static byte[] bytes(Object v) {
        return stringArg(v).getBytes(StandardCharsets.UTF_8);
    }

    private static String digest(String algorithm, Object v) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes(v)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmacSha256(byte[] key, byte[] msg) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            if (key.length == 0) {
                // an empty key is a block of zeros for HMAC, as one zero byte is
                mac.init(new javax.crypto.spec.SecretKeySpec(new byte[64], "HmacSHA256"));
            }
            return mac.doFinal(msg);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object base64Decode(Object v) {
        String s = stringArg(v);
        StringBuilder clean = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '+' || ch == '/' || ch == '=') {
                clean.append(ch);
            } else if (ch > 0x7f) {
                throw Py.valueError("string argument should contain only ASCII characters");
            }
        }
        if (clean.length() % 4 != 0) {
            throw new PythonError(PythonError.Kind.ValueError, "Incorrect padding");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(clean.toString());
        } catch (IllegalArgumentException e) {
            throw new PythonError(PythonError.Kind.ValueError, "Incorrect padding");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(decoded)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new TemplateRuntimeError("base64_decode: the decoded data is not UTF-8 text (Salt would return Python bytes)");
        }
    }

    private static Object randomHash(Invocation c) {
        Object[] a = c.bind("random_hash", new String[] {"size", "hash_type"}, 9999999999L, null);
        String type = a[1] == null || !Py.truthy(a[1]) ? "md5" : str(a[1], "hash_type");
        String alg = switch (type) {
            case "md5" -> "MD5";
            case "sha1" -> "SHA-1";
            case "sha224" -> "SHA-224";
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> throw new PythonError(PythonError.Kind.AttributeError, "module 'hashlib' has no attribute '" + type + "'");
        };
        BigInteger size = Num.toBig(a[0]);
        if (size.signum() < 0) {
            throw Py.valueError("empty range for randrange() (0, " + size.add(BigInteger.ONE) + ", " + size.add(BigInteger.ONE) + ")");
        }
        BigInteger r;
        SecureRandom rnd = new SecureRandom();
        BigInteger bound = size.add(BigInteger.ONE);
        do {
            r = new BigInteger(bound.bitLength(), rnd);
        } while (r.compareTo(bound) >= 0);
        return digest(alg, r.toString());
    }

    // ---- stringutils.py -----------------------------------------------------------------------------------------

    private static Object toNum(Object text) {
        Object i = PyNumbers.parseInt(text);
        if (i != null) {
            return i;
        }
        Object f = PyNumbers.parseFloat(text);
        return f != null ? f : text;
    }

    private static boolean isHex(Object v) {
        if (!(v instanceof String) && !(v instanceof Markup)) {
            return false;
        }
        return PyNumbers.parseIntBase(v.toString(), 16) != null;
    }

    private static Object humanToBytes(Invocation c) {
        Object[] a = c.bind("human_to_bytes", new String[] {"size", "default_unit", "handle_metric"}, "B", false);
        String s = PyStr.strip(Py.str(a[0]), null, true, true);
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) && s.charAt(i) < 128 || s.charAt(i) == '.')) {
            i++;
        }
        String value = s.substring(0, i);
        int j = i;
        while (j < s.length() && PyStr.isSpace(s.charAt(j))) {
            j++;
        }
        String unit = PyStr.lower(s.substring(j));
        if (unit.isEmpty()) {
            unit = PyStr.lower(Py.str(a[1]));
        }
        Object v = PyNumbers.parseInt(value);
        if (v == null) {
            v = PyNumbers.parseFloat(value);
            if (v == null) {
                return 0L;
            }
        }
        boolean dec = false;
        if (unit.matches("[kmgtpezy]b(\\n)?") || unit.matches("[kmgtpezy]b")) {
            dec = Py.truthy(a[2]);
        } else if (!unit.matches("(b|[kmgtpezy](ib)?)\\n?")) {
            return 0L;
        }
        int p = "bkmgtpezy".indexOf(unit.charAt(0));
        Object factor = dec ? Num.norm(BigInteger.TEN.pow(p * 3)) : Num.norm(BigInteger.TWO.pow(p * 10));
        Object r = Ops.mul(v, factor, Ops.SizeCheck.NONE);
        if (r instanceof Double d) {
            return Num.norm(new java.math.BigDecimal(d).toBigInteger());
        }
        return r;
    }

    static String snakeCase(String s) {
        int[] cps = s.codePoints().toArray();
        if (cps.length == 0) {
            throw new PythonError(PythonError.Kind.IndexError, "string index out of range");
        }
        StringBuilder res = new StringBuilder(PyStr.lower(new String(cps, 0, 1)));
        for (int i = 1; i < cps.length; i++) {
            String letter = new String(cps, i, 1);
            if (PyStr.isUpper(letter)) {
                if (PyStr.isLower(new String(cps, i - 1, 1)) || (i != cps.length - 1 && PyStr.isLower(new String(cps, i + 1, 1)))) {
                    res.append('_');
                }
            }
            res.append(PyStr.lower(letter));
        }
        return res.toString();
    }

    static String camelCase(String s, boolean upper) {
        String[] words = s.split("_", -1);
        if (upper) {
            words[0] = PyStr.capitalize(words[0]);
        }
        StringBuilder b = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            b.append(PyStr.capitalize(words[i]));
        }
        return b.toString();
    }

    private static Object checkWhitelistBlacklist(Invocation c) {
        Object[] a = c.bind("check_whitelist_blacklist", new String[] {"value", "whitelist", "blacklist"}, null, null);
        List<Object> black = listArg(a[2]);
        List<Object> white = listArg(a[1]);
        boolean blackMatch = false;
        for (Object e : black) {
            blackMatch |= exprMatch(a[0], e);
        }
        boolean whiteMatch = false;
        for (Object e : white) {
            whiteMatch |= exprMatch(a[0], e);
        }
        if (!black.isEmpty() && white.isEmpty()) {
            return !blackMatch;
        } else if (!white.isEmpty() && black.isEmpty()) {
            return whiteMatch;
        } else if (!black.isEmpty()) {
            return !blackMatch && whiteMatch;
        }
        return true;
    }

    private static List<Object> listArg(Object v) {
        if (!Py.truthy(v)) {
            return List.of();
        }
        if (v instanceof String || v instanceof Markup) {
            return List.of(v);
        }
        return Py.toList(v);
    }

    private static boolean exprMatch(Object line, Object expr) {
        if (!(line instanceof String || line instanceof Markup) || !(expr instanceof String || expr instanceof Markup)) {
            return false;
        }
        if (Fnmatch.fnmatch(line.toString(), expr.toString())) {
            return true;
        }
        try {
            return PyRegex.compile("\\A" + expr + "\\Z", 0).pattern().matcher(line.toString()).lookingAt();
        } catch (PythonError e) {
            return false;
        }
    }

    // ---- dateutils.py -------------------------------------------------------------------------------------------

    private static Object strftime(Invocation c) {
        Object[] a = c.bind("strftime", new String[] {"date", "format"}, null, "%Y-%m-%d");
        ZonedDateTime dt;
        if (a[0] == null) {
            dt = ZonedDateTime.now();
        } else {
            Object d = a[0];
            Object ts = null;
            if (d instanceof String || d instanceof Markup) {
                String s = d.toString();
                ts = !s.isEmpty() && s.chars().allMatch(Character::isDigit) ? PyNumbers.parseInt(s) : PyNumbers.parseFloat(s);
            } else if (Num.isNumber(d) || d instanceof Boolean) {
                ts = d instanceof Boolean b ? (b ? 1L : 0L) : d;
            }
            if (ts == null) {
                throw new PythonError(PythonError.Kind.RuntimeError, "Unable to parse " + Py.str(d) + ". Consider installing timelib");
            }
            double secs = Num.toDouble(ts);
            long whole = (long) Math.floor(secs);
            long micros = Math.round((secs - whole) * 1_000_000);
            dt = ZonedDateTime.ofInstant(Instant.ofEpochSecond(whole, micros * 1000), ZoneId.systemDefault());
        }
        return PyStrftime.format(dt, str(a[1], "format"));
    }

    // ---- network.py ---------------------------------------------------------------------------------------------

    static final class Network {
        private Network() {
        }

        private static final String[][] OPTIONS = {
            {"global"}, {"link-local"}, {"linklocal"}, {"ll"}, {"link_local"}, {"loopback"}, {"lo"}, {"multicast"},
            {"private"}, {"public"}, {"reserved"}, {"site-local"}, {"sl"}, {"site_local"}, {"unspecified"}};

        /** _is_ipv: the address (or interface) as a string if it has the version and passes the options. */
        static String isIpv(Object ip, int version, Object options) {
            PyIpAddress.Ip obj;
            try {
                obj = PyIpAddress.address(ip);
            } catch (PyIpAddress.AddressError e) {
                try {
                    obj = PyIpAddress.iface(ip);
                } catch (PyIpAddress.AddressError e2) {
                    return null;
                }
            }
            if (obj.version() != version) {
                return null;
            }
            if (!Py.truthy(options)) {
                return obj.toString();
            }
            List<String> opts = new ArrayList<>();
            for (Object o : PyStr.split(str(options, "options"), ",", -1)) {
                opts.add(PyStr.strip((String) o, null, true, true));
            }
            for (String[] o : OPTIONS) {
                String name = o[0];
                if (!opts.contains(name)) {
                    continue;
                }
                boolean ok = switch (name) {
                    case "global", "public" -> !obj.isPrivate();
                    case "link-local", "linklocal", "ll", "link_local" -> obj.isLinkLocal();
                    case "loopback", "lo" -> obj.isLoopback();
                    case "multicast" -> obj.isMulticast();
                    case "private" -> obj.isPrivate();
                    case "reserved" -> obj.isReserved();
                    case "site-local", "sl", "site_local" -> obj.isSiteLocal();
                    default -> obj.isUnspecified();
                };
                if (!ok) {
                    return null;
                }
            }
            return obj.toString();
        }

        static boolean isSeq(Object v) {
            return v instanceof List<?> || v instanceof PyIter;
        }

        static Object ipvFilter(Object value, int version, Object options) {
            if (value instanceof String || value instanceof Markup) {
                return isIpv(value, version, options);
            }
            if (isSeq(value)) {
                List<Object> out = new ArrayList<>();
                for (Iterator<Object> it = Py.iter(value); it.hasNext(); ) {
                    String r = isIpv(it.next(), version, options);
                    if (r != null) {
                        out.add(r);
                    }
                }
                return out;
            }
            return null;
        }

        static Object ipaddr(Object value, Object options) {
            if (value instanceof PyIter) {
                value = Py.toList(value);
            }
            Object v4 = ipvFilter(value, 4, options);
            Object v6 = ipvFilter(value, 6, options);
            if (v4 == null || v6 == null) {
                return Py.truthy(v4) ? v4 : v6;
            }
            return Ops.add(v4, v6, Ops.SizeCheck.NONE);
        }

        static Object perEntry(Object[] a, Function<Object, Object> each) {
            Object value = a[0] instanceof PyIter ? Py.toList(a[0]) : a[0];
            Object out;
            Object version = a[2];
            if (Py.truthy(version)) {
                out = Py.eq(version, 4L) ? ipvFilter(value, 4, a[1]) : Py.eq(version, 6L) ? ipvFilter(value, 6, a[1]) : null;
            } else {
                out = ipaddr(value, a[1]);
            }
            if (!Py.truthy(out)) {
                return null;
            }
            List<Object> entries = out instanceof List<?> l ? new ArrayList<>(l) : List.of(out);
            try {
                if (!isSeq(value)) {
                    return each.apply(entries.get(0));
                }
                List<Object> res = new ArrayList<>();
                for (Object e : entries) {
                    res.add(each.apply(e));
                }
                return res;
            } catch (PyIpAddress.AddressError e) {
                throw Py.valueError(e.getMessage());
            }
        }

        static Object hosts(Object entry) {
            PyIpAddress.Ip n = PyIpAddress.network(entry);
            int hostBits = n.maxPrefix() - n.prefix();
            if (hostBits > 20) {
                throw new TemplateRuntimeError("network_hosts: " + n + " has more than a million hosts");
            }
            BigInteger net = n.network();
            BigInteger bcast = n.broadcast();
            List<Object> out = new ArrayList<>();
            BigInteger from;
            BigInteger to;
            if (hostBits == 0) {
                from = net;
                to = net;
            } else if (hostBits == 1) {
                from = net;
                to = bcast;
            } else {
                from = net.add(BigInteger.ONE);
                to = n.version() == 4 ? bcast.subtract(BigInteger.ONE) : bcast;
            }
            for (BigInteger x = from; x.compareTo(to) <= 0; x = x.add(BigInteger.ONE)) {
                out.add(n.version() == 4 ? PyIpAddress.v4Text(x) : PyIpAddress.v6Text(x));
            }
            return out;
        }
    }

    // ---- itertools ----------------------------------------------------------------------------------------------

    static final class Itertools {
        private Itertools() {
        }

        private static PyIter iter(String type, List<Object> items) {
            return PyIter.of(type, items.iterator());
        }

        static Object combinations(Invocation c, boolean replacement) {
            Object[] a = c.bind(replacement ? "combinations_with_replacement" : "combinations", new String[] {"iterable", "r"});
            List<Object> pool = Py.toList(a[0]);
            long r = Num.index(a[1]);
            if (r < 0) {
                throw Py.valueError("r must be non-negative");
            }
            List<Object> out = new ArrayList<>();
            combine(pool, (int) r, replacement, 0, new ArrayList<>(), out);
            return iter(replacement ? "itertools.combinations_with_replacement" : "itertools.combinations", out);
        }

        private static void combine(List<Object> pool, int r, boolean rep, int start, List<Object> cur, List<Object> out) {
            if (cur.size() == r) {
                out.add(PyTuple.ofList(cur));
                return;
            }
            for (int i = start; i < pool.size(); i++) {
                cur.add(pool.get(i));
                combine(pool, r, rep, rep ? i : i + 1, cur, out);
                cur.remove(cur.size() - 1);
            }
        }

        static Object permutations(Invocation c) {
            Object[] a = c.bind("permutations", new String[] {"iterable", "r"}, (Object) null);
            List<Object> pool = Py.toList(a[0]);
            int r = a[1] == null ? pool.size() : (int) Num.index(a[1]);
            List<Object> out = new ArrayList<>();
            if (r <= pool.size()) {
                permute(pool, r, new boolean[pool.size()], new ArrayList<>(), out);
            }
            return iter("itertools.permutations", out);
        }

        private static void permute(List<Object> pool, int r, boolean[] used, List<Object> cur, List<Object> out) {
            if (cur.size() == r) {
                out.add(PyTuple.ofList(cur));
                return;
            }
            for (int i = 0; i < pool.size(); i++) {
                if (!used[i]) {
                    used[i] = true;
                    cur.add(pool.get(i));
                    permute(pool, r, used, cur, out);
                    cur.remove(cur.size() - 1);
                    used[i] = false;
                }
            }
        }

        static Object product(Invocation c) {
            long repeat = 1;
            for (Map.Entry<String, Object> e : c.kwargs().entrySet()) {
                if (!e.getKey().equals("repeat")) {
                    throw Py.typeError("'" + e.getKey() + "' is an invalid keyword argument for product()");
                }
                repeat = Num.index(e.getValue());
            }
            List<List<Object>> pools = new ArrayList<>();
            for (int k = 0; k < repeat; k++) {
                for (Object it : c.args()) {
                    pools.add(Py.toList(it));
                }
            }
            List<Object> out = new ArrayList<>();
            out.add(PyTuple.EMPTY);
            for (List<Object> pool : pools) {
                List<Object> next = new ArrayList<>();
                for (Object prefix : out) {
                    for (Object x : pool) {
                        List<Object> t = new ArrayList<>((PyTuple) prefix);
                        t.add(x);
                        next.add(PyTuple.ofList(t));
                    }
                }
                out = next;
            }
            return iter("itertools.product", out);
        }

        static Object compress(Invocation c) {
            Object[] a = c.bind("compress", new String[] {"data", "selectors"});
            Iterator<Object> d = Py.iter(a[0]);
            Iterator<Object> s = Py.iter(a[1]);
            List<Object> out = new ArrayList<>();
            while (d.hasNext() && s.hasNext()) {
                Object x = d.next();
                if (Py.truthy(s.next())) {
                    out.add(x);
                }
            }
            return iter("itertools.compress", out);
        }

        static Object zip(Invocation c) {
            if (!c.kwargs().isEmpty()) {
                for (String k : c.kwargs().keySet()) {
                    if (!k.equals("strict")) {
                        throw Py.typeError("zip() got an unexpected keyword argument '" + k + "'");
                    }
                }
            }
            List<Iterator<Object>> its = new ArrayList<>();
            for (Object o : c.args()) {
                its.add(Py.iter(o));
            }
            List<Object> out = new ArrayList<>();
            while (!its.isEmpty()) {
                Object[] row = new Object[its.size()];
                for (int i = 0; i < its.size(); i++) {
                    if (!its.get(i).hasNext()) {
                        return iter("zip", out);
                    }
                    row[i] = its.get(i).next();
                }
                out.add(PyTuple.of(row));
            }
            return iter("zip", out);
        }

        static Object zipLongest(Invocation c) {
            Object fill = null;
            for (Map.Entry<String, Object> e : c.kwargs().entrySet()) {
                if (!e.getKey().equals("fillvalue")) {
                    throw Py.typeError("zip_longest() got an unexpected keyword argument '" + e.getKey() + "'");
                }
                fill = e.getValue();
            }
            List<Iterator<Object>> its = new ArrayList<>();
            for (Object o : c.args()) {
                its.add(Py.iter(o));
            }
            List<Object> out = new ArrayList<>();
            while (!its.isEmpty()) {
                Object[] row = new Object[its.size()];
                boolean any = false;
                for (int i = 0; i < its.size(); i++) {
                    if (its.get(i).hasNext()) {
                        row[i] = its.get(i).next();
                        any = true;
                    } else {
                        row[i] = fill;
                    }
                }
                if (!any) {
                    break;
                }
                out.add(PyTuple.of(row));
            }
            return iter("itertools.zip_longest", out);
        }
    }
}
