package dev.jsalt.master.compile.files;

import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.compile.SourcePos;
import dev.jsalt.master.compile.render.DeepMerge;
import dev.jsalt.master.compile.render.JinjaRenderer;
import dev.jsalt.master.compile.render.Lookup;
import dev.jsalt.master.compile.render.RenderScope;
import dev.jsalt.master.compile.render.Secrets;
import dev.jsalt.master.compile.sls.ArgRewriter;
import dev.jsalt.master.statetree.StateTree;
import dev.jsalt.master.statetree.TreePath;
import dev.jsalt.master.statetree.TreePathException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes {@code file} resources self-contained, because the minion renders and fetches nothing:
 * <ul>
 *   <li>{@code mode}, {@code dir_mode}, {@code file_mode} become {@code "0644"}-style strings ({@link FileModes});
 *       {@code file.line}'s {@code mode} is its edit mode, not a permission, and is left alone.</li>
 *   <li>{@code file.managed}'s {@code source: salt://path} (or a list of them: the first that exists wins, as in Salt)
 *       is read from the state tree and shipped as {@code contents} (UTF-8 text) or {@code contents_base64} (anything
 *       else), with {@code source_path} kept for display. With {@code template: jinja} the file is rendered with the
 *       SLS variables (grains, pillar, salt, mine, ...), the resource's {@code name}/{@code source}/{@code user}/
 *       {@code group}/{@code mode}, and {@code defaults:} deep-merged with {@code context:} on top — Salt's rules.
 *       A template that prints a secret makes the whole {@code contents} secret.</li>
 *   <li>{@code contents_pillar} / {@code contents_grains} (a key path like {@code ssl:cert}, or a list of them) are
 *       looked up and shipped as {@code contents}.</li>
 * </ul>
 * Sources are tree paths: {@code ..}, absolute paths and the like are refused ({@link TreePath}); a source that does
 * not exist is an error naming the SLS line and the path.
 */
public final class FileArgs implements ArgRewriter {
    private static final Set<String> MODE_ARGS = Set.of("mode", "dir_mode", "file_mode");
    private static final List<String> CONTENT_ARGS = List.of("contents", "contents_pillar", "contents_grains");
    /** Arguments about fetching a source, meaningless once the file is inlined. */
    private static final List<String> FETCH_ARGS = List.of("source_hash", "source_hash_name", "skip_verify");
    private static final String SALT_URL = "salt://";
    /**
     * The largest source file inlined. A document travels in one message, and the minion drops messages above
     * {@link dev.jsalt.common.wire.Wire#MAX_MESSAGE} (64 MiB); base64 and JSON escaping grow a file by up to a third.
     */
    static final int MAX_SOURCE_BYTES = 16 * 1024 * 1024;

    private final JinjaRenderer renderer;
    private final RenderScope scope;
    private final Map<String, Object> vars;

    /**
     * @param scope the compile's tree, secrets and mine
     * @param vars  the variables SLS files are rendered with (grains, pillar, saltenv, opts)
     */
    public FileArgs(JinjaRenderer renderer, RenderScope scope, Map<String, Object> vars) {
        this.renderer = renderer;
        this.scope = scope;
        this.vars = vars;
    }

    @Override
    public void rewrite(Target t) {
        if ("cmd".equals(t.module()) && "script".equals(t.function())) {
            script(t);
            return;
        }
        if ("test".equals(t.module()) && "check_pillar".equals(t.function())) {
            checkPillar(t);
            return;
        }
        if ("ssh_auth".equals(t.module())) {
            sshAuthSource(t);
            return;
        }
        if (!"file".equals(t.module())) return;
        for (String arg : MODE_ARGS) {
            if (arg.equals("mode") && "line".equals(t.function())) continue;
            if (t.args().containsKey(arg)) {
                t.args().put(arg, FileModes.normalise(arg, t.args().get(arg), t.posOf(arg), t.label()));
            }
        }
        if ("managed".equals(t.function())) managed(t);
    }

    private void managed(Target t) {
        Map<String, Object> args = t.args();
        List<String> given = CONTENT_ARGS.stream().filter(k -> args.get(k) != null).toList();
        boolean hasSource = args.get("source") != null;
        if (given.size() > 1) {
            throw t.posOf(given.get(1)).error("only one of contents, contents_pillar and contents_grains can be given (" + t.label()
                    + " has " + String.join(" and ", given) + ")");
        }
        if (hasSource && !given.isEmpty()) {
            throw t.posOf(given.get(0)).error("source and " + given.get(0) + " cannot be used together in " + t.label());
        }
        boolean template = template(t);
        Map<String, Object> context = context(t);
        if (hasSource) {
            fromSource(t, template, context);
        } else if (!given.isEmpty() && !given.get(0).equals("contents")) {
            String key = given.get(0);
            replace(args, key, Map.of("contents", lookup(t, key)));
        }
        if (!hasSource && template && args.get("contents") != null) {
            Object c = args.get("contents");
            if (c instanceof Map<?, ?>) throw t.posOf("contents").error("contents of " + t.label() + " must be text or a list of lines");
            String text = c instanceof List<?> lines ? String.join("\n", lines.stream().map(String::valueOf).toList()) : String.valueOf(c);
            args.put("contents", renderContents(t, text, context));
        }
        args.remove("source");
    }

    // ---- source: salt://

    private record Found(String url, String path, byte[] bytes) {
    }

    private void fromSource(Target t, boolean template, Map<String, Object> context) {
        Map<String, Object> args = t.args();
        Found found = resolve(t, args.get("source"));
        checkHash(t, found);
        for (String k : FETCH_ARGS) args.remove(k);
        Map<String, Object> replacement = new LinkedHashMap<>();
        replacement.put("source_path", found.url());
        String text = utf8(found.bytes());
        if (template) {
            if (text == null) {
                throw t.posOf("template").error("template: jinja on " + found.url() + ", which is not UTF-8 text (" + t.label() + ")");
            }
            replacement.put("contents", renderSource(t, found, text, context));
        } else if (text != null) {
            replacement.put("contents", new Verbatim(text));
        } else {
            replacement.put("contents_base64", new Verbatim(Base64.getEncoder().encodeToString(found.bytes())));
        }
        // The file is shipped byte for byte, as Salt copies a source: no newline added at the end.
        replacement.put("contents_newline", false);
        replace(args, "source", replacement);
    }

    /** The first source that exists; every entry must be a salt:// path inside the tree. */
    private Found resolve(Target t, Object source) {
        SourcePos pos = t.posOf("source");
        List<?> entries = source instanceof List<?> l ? l : List.of(source);
        if (entries.isEmpty()) throw pos.error("source of " + t.label() + " is an empty list");
        List<String[]> candidates = new ArrayList<>();
        for (Object e : entries) {
            if (e instanceof String s && Secrets.mentionsSecret(s)) {
                throw pos.error("a secret pillar value cannot be used in the source of " + t.label());
            }
            if (!(e instanceof String url)) {
                throw pos.error("source entries of " + t.label() + " must be salt:// URLs, found "
                        + (e instanceof Map<?, ?> ? "a mapping (sources with hashes are for remote files, which jsalt does not fetch)" : "'" + e + "'"));
            }
            candidates.add(new String[] {url, treePath(t, pos, url)});
        }
        StateTree tree = scope.tree();
        for (String[] c : candidates) {
            Optional<byte[]> bytes = tree.read(c[1]);
            if (bytes.isPresent()) {
                if (bytes.get().length > MAX_SOURCE_BYTES) {
                    throw pos.error("source file '" + c[0] + "' of " + t.label() + " is " + bytes.get().length + " bytes; jsalt inlines files"
                            + " of at most " + MAX_SOURCE_BYTES + " bytes in the state document (ship big files as a package)");
                }
                return new Found(c[0], c[1], bytes.get());
            }
        }
        if (candidates.size() == 1) {
            throw pos.error("source file '" + candidates.get(0)[0] + "' of " + t.label() + " not found in the state tree ("
                    + tree.source() + ")");
        }
        throw pos.error("none of the sources of " + t.label() + " exists in the state tree (" + tree.source() + "): "
                + String.join(", ", candidates.stream().map(c -> c[0]).toList()));
    }

    private static String treePath(Target t, SourcePos pos, String url) {
        if (!url.startsWith(SALT_URL)) {
            String remote = url.matches("(?i)(https?|ftp|s3|swift)://.*") ? " (jsalt downloads nothing, so skip_verify and"
                    + " source_hash cannot make a remote source work: put the file in the state tree, or fetch it with cmd.run)" : "";
            throw pos.error("source '" + url + "' of " + t.label() + " is not a salt:// URL: the minion fetches nothing, so a source"
                    + " must be a file of the state tree" + remote);
        }
        String rest = url.substring(SALT_URL.length());
        int q = rest.indexOf('?');
        if (q >= 0) {
            String query = rest.substring(q + 1);
            rest = rest.substring(0, q);
            if (!query.isEmpty() && !query.equals("saltenv=base")) {
                throw pos.error("source '" + url + "' of " + t.label() + ": only the base environment exists in jsalt (no '?" + query + "')");
            }
        }
        try {
            String path = TreePath.normalize(rest);
            if (path.isEmpty()) throw pos.error("source '" + url + "' of " + t.label() + " names no file");
            return path;
        } catch (TreePathException e) {
            throw pos.error("source '" + url + "' of " + t.label() + ": " + e.getMessage());
        }
    }

    /**
     * {@code source_hash} on a salt:// source: checked here against the file of the job's commit ({@code sha256=HEX},
     * {@code md5:HEX} or a bare hex digest whose length names the algorithm). A hash file URL is not supported.
     */
    private static void checkHash(Target t, Found found) {
        Object h = t.args().get("source_hash");
        if (h == null || h.toString().isBlank() || Boolean.TRUE.equals(truthy(t.args().get("skip_verify")))) return;
        SourcePos pos = t.posOf("source_hash");
        String spec = h.toString().strip();
        String algo = null, hex = spec;
        int sep = Math.max(spec.indexOf('='), spec.indexOf(':'));
        if (sep > 0 && !spec.contains("://")) {
            algo = spec.substring(0, sep).toLowerCase(java.util.Locale.ROOT);
            hex = spec.substring(sep + 1).strip();
        }
        if (!hex.matches("[0-9a-fA-F]+")) {
            throw pos.error("source_hash of " + t.label() + " must be a digest (sha256=HEX or HEX); hash files are not supported");
        }
        if (algo == null) {
            algo = switch (hex.length()) {
                case 32 -> "md5";
                case 40 -> "sha1";
                case 64 -> "sha256";
                case 96 -> "sha384";
                case 128 -> "sha512";
                default -> throw pos.error("source_hash of " + t.label() + ": a digest of " + hex.length() + " hex digits names no algorithm");
            };
        }
        String javaAlgo = switch (algo) {
            case "md5" -> "MD5";
            case "sha1" -> "SHA-1";
            case "sha224" -> "SHA-224";
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> throw pos.error("source_hash of " + t.label() + ": unknown hash type '" + algo + "'");
        };
        try {
            String actual = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance(javaAlgo).digest(found.bytes()));
            if (!actual.equalsIgnoreCase(hex)) {
                throw pos.error("source_hash of " + t.label() + " does not match " + found.url() + ": " + algo + " is " + actual);
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw pos.error("source_hash of " + t.label() + ": " + e.getMessage());
        }
    }

    private static Boolean truthy(Object v) {
        if (v instanceof Boolean b) return b;
        if (v == null) return null;
        String s = v.toString().strip().toLowerCase(java.util.Locale.ROOT);
        return s.equals("true") || s.equals("yes") || s.equals("on") || s.equals("1");
    }

    // ---- cmd.script

    /** {@code cmd.script}: the script (source, or the name when it is a salt:// URL) shipped as script_contents. */
    private void script(Target t) {
        Map<String, Object> args = t.args();
        Object source = args.get("source");
        if (source == null) {
            if (!t.name().startsWith(SALT_URL)) {
                throw t.pos().error("cmd.script " + t.label() + " needs a salt:// source (or a salt:// name): the minion fetches nothing");
            }
            source = t.name();
        }
        boolean template = template(t);
        Map<String, Object> context = context(t);
        Found found = resolve(t, source);
        String text = utf8(found.bytes());
        if (text == null) throw t.posOf("source").error("script " + found.url() + " of " + t.label() + " is not UTF-8 text");
        Map<String, Object> replacement = new LinkedHashMap<>();
        replacement.put("script_path", found.url());
        replacement.put("script_contents", template ? renderSource(t, found, text, context) : new Verbatim(text));
        if (args.containsKey("source")) replace(args, "source", replacement);
        else args.putAll(replacement);
    }

    // ---- ssh_auth: source

    /** {@code ssh_auth}'s {@code source: salt://keys} (a file of keys) shipped as source_contents. */
    private void sshAuthSource(Target t) {
        Object source = t.args().get("source");
        if (source == null || "".equals(source)) {
            t.args().remove("source");
            return;
        }
        Found found = resolve(t, source);
        String text = utf8(found.bytes());
        if (text == null) throw t.posOf("source").error("source " + found.url() + " of " + t.label() + " is not UTF-8 text");
        Map<String, Object> replacement = new LinkedHashMap<>();
        replacement.put("source_path", found.url());
        replacement.put("source_contents", new Verbatim(text));
        replace(t.args(), "source", replacement);
    }

    // ---- test.check_pillar

    /** Looks the keys up in the minion's pillar now and ships what failed and what passed. */
    private void checkPillar(Target t) {
        Object pillar = vars.get("pillar");
        List<String> failures = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        for (String kind : List.of("present", "boolean", "integer", "string", "listing", "dictionary")) {
            Object keys = t.args().remove(kind);
            if (keys == null) continue;
            for (Object k : keys instanceof List<?> l ? l : List.of(keys)) {
                String key = String.valueOf(k);
                Object v = Lookup.path(pillar, key, ":");
                boolean there = v != Lookup.MISSING && v != null;
                boolean ok = switch (kind) {
                    case "present" -> there;
                    case "boolean" -> v instanceof Boolean;
                    case "integer" -> v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger;
                    case "string" -> v instanceof String;
                    case "listing" -> v instanceof List;
                    default -> v instanceof Map;
                };
                String what = switch (kind) {
                    case "present" -> "present";
                    case "integer" -> "an integer";
                    case "listing" -> "a list";
                    case "dictionary" -> "a dict";
                    default -> "a " + kind;
                };
                if (ok) passed.add("Pillar key " + key + " is " + what);
                else failures.add("Pillar key " + key + (there ? " is not " + what : " is missing"));
            }
        }
        t.args().put("pillar_failures", failures);
        t.args().put("pillar_passed", passed);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    // ---- template: jinja, context:, defaults:

    private static boolean template(Target t) {
        Object v = t.args().remove("template");
        if (v == null || (v instanceof String s && s.isBlank())) return false;
        if (v instanceof String s && s.strip().equalsIgnoreCase("jinja")) return true;
        throw t.posOf("template").error("template '" + v + "' is not supported by jsalt (it renders jinja) in " + t.label());
    }

    /** {@code defaults} deep-merged with {@code context} on top (Salt's file.managed). */
    private static Map<String, Object> context(Target t) {
        Map<String, Object> defaults = mapArg(t, "defaults");
        Map<String, Object> context = mapArg(t, "context");
        return DeepMerge.merge(defaults, context);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapArg(Target t, String key) {
        Object v = t.args().remove(key);
        if (v == null) return Map.of();
        if (!(v instanceof Map<?, ?> m)) throw t.posOf(key).error(key + " of " + t.label() + " must be a mapping of template variables");
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(String.valueOf(k), x));
        return out;
    }

    private Map<String, Object> templateVars(Target t, Map<String, Object> context, String sourceUrl, String tplFile) {
        Map<String, Object> v = new HashMap<>(vars);
        v.put("name", t.name());
        if (sourceUrl != null) v.put("source", sourceUrl);
        for (String k : List.of("user", "group", "mode", "attrs")) v.put(k, t.args().get(k));
        v.put("sls", t.sls());
        String slsDir = TreePath.parent(t.slsFile());
        v.put("slspath", slsDir);
        v.put("sls_path", slsDir.replace('/', '_'));
        v.putAll(context); // Salt: the context overrides the standard variables...
        String dir = TreePath.parent(tplFile); // ...but not the template's own location
        v.put("tplfile", tplFile);
        v.put("tplpath", tplFile);
        v.put("tpldir", dir.isEmpty() ? "." : dir);
        v.put("tplroot", tplFile.contains("/") ? tplFile.substring(0, tplFile.indexOf('/')) : "");
        return v;
    }

    private String renderSource(Target t, Found found, String text, Map<String, Object> context) {
        try {
            return renderer.render(found.path(), text, templateVars(t, context, found.url(), found.path()), scope);
        } catch (CompileException e) {
            throw new CompileException(e.file(), e.line(), e.column(), e.problem() + " (template of " + t.label() + " at "
                    + t.posOf("source") + ")", e);
        }
    }

    /** Salt also renders inline {@code contents} when a template is set. */
    private String renderContents(Target t, String text, Map<String, Object> context) {
        SourcePos pos = t.posOf("contents");
        try {
            return renderer.render(t.slsFile(), text, templateVars(t, context, null, t.slsFile()), scope);
        } catch (CompileException e) {
            String where = e.line() > 0 ? " (line " + e.line() + " of the contents)" : "";
            throw new CompileException(pos.file(), pos.line(), pos.column(), e.problem() + " in the contents of " + t.label() + where, e);
        }
    }

    // ---- contents_pillar, contents_grains

    private String lookup(Target t, String key) {
        SourcePos pos = t.posOf(key);
        String kind = key.equals("contents_pillar") ? "pillar" : "grains";
        Object root = vars.get(kind);
        Object spec = t.args().get(key);
        List<?> paths = spec instanceof List<?> l ? l : List.of(spec);
        List<String> parts = new ArrayList<>();
        for (Object p : paths) {
            if (!(p instanceof String path) || Secrets.mentionsSecret(path)) {
                throw pos.error(key + " of " + t.label() + " must be a " + kind + " key like 'ssl:cert' (or a list of them)");
            }
            Object value = Lookup.path(root, path, ":");
            if (value == Lookup.MISSING || value == null) {
                throw pos.error(kind + " key '" + path + "' (" + key + " of " + t.label() + ") does not exist");
            }
            parts.add(text(value, () -> pos.error(kind + " key '" + path + "' (" + key + " of " + t.label()
                    + ") holds a mapping, not text")));
        }
        return String.join("\n", parts);
    }

    private static String text(Object value, java.util.function.Supplier<CompileException> notText) {
        if (value instanceof Boolean b) return b ? "True" : "False";
        if (value instanceof Map<?, ?>) throw notText.get();
        if (value instanceof Collection<?> c) {
            List<String> lines = new ArrayList<>();
            for (Object o : c) lines.add(text(o, notText));
            return String.join("\n", lines);
        }
        return String.valueOf(value);
    }

    /** Replaces entry {@code key} of {@code args} by {@code with}, keeping the argument order. */
    private static void replace(Map<String, Object> args, String key, Map<String, Object> with) {
        Map<String, Object> copy = new LinkedHashMap<>(args);
        args.clear();
        copy.forEach((k, v) -> {
            if (k.equals(key)) args.putAll(with);
            else if (!with.containsKey(k)) args.put(k, v);
        });
    }
}
