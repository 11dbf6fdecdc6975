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
        if ("cron".equals(t.module()) && "file".equals(t.function())) {
            cronFile(t);
            return;
        }
        if ("pkgrepo".equals(t.module()) && "managed".equals(t.function())) {
            pkgrepoKey(t);
            return;
        }
        if (!"file".equals(t.module())) return;
        for (String arg : MODE_ARGS) {
            if (arg.equals("mode") && "line".equals(t.function())) continue;
            // file.recurse's file_mode: keep takes each file's mode from the state tree (in recurse below).
            if (arg.equals("file_mode") && "recurse".equals(t.function()) && keepsSourceModes(t.args())) {
                continue;
            }
            if (t.args().containsKey(arg)) {
                t.args().put(arg, FileModes.normalise(arg, t.args().get(arg), t.posOf(arg), t.label()));
            }
        }
        switch (t.function()) {
            case "managed" -> managed(t);
            case "recurse" -> recurse(t);
            case "append", "prepend" -> appendSources(t);
            case "serialize" -> {
                datasetPillar(t);
                Object d = t.args().get("dataset");
                if ((d instanceof Map || d instanceof Collection) && nestedSecret(d)) {
                    throw t.posOf("dataset").error("the dataset of " + t.label() + " holds a secret pillar value: jsalt seals"
                            + " whole arguments only (use file.managed with a template for a file holding a secret)");
                }
            }
            case "blockreplace" -> accumulatedContent(t);
            case "accumulated" -> t.args().remove("text");
            default -> { }
        }
    }

    // ---- file.accumulated

    /** filename -> accumulator name -> its chunks, gathered from every file.accumulated of the run (Salt's order). */
    private final Map<String, Map<String, List<Object>>> accumulators = new LinkedHashMap<>();

    @Override
    public void prepare(List<Target> all) {
        accumulators.clear();
        for (Target t : all) {
            if (!"file".equals(t.module()) || !"accumulated".equals(t.function())) continue;
            boolean tied = t.requisites().stream().anyMatch(r -> r.reverse() && r.kind() != null
                    && (r.kind() == dev.jsalt.common.state.RequisiteKind.REQUIRE || r.kind() == dev.jsalt.common.state.RequisiteKind.WATCH)
                    && "file".equals(r.module()));
            if (!tied) {
                throw t.pos().error("Orphaned accumulator " + t.name() + " in " + t.sls() + ":" + t.id()
                        + " (file.accumulated needs require_in or watch_in naming the file state it is for)");
            }
            Object filename = t.args().get("filename");
            Object text = t.args().get("text");
            if (filename == null) throw t.pos().error("file.accumulated " + t.label() + " needs filename");
            if (text == null) throw t.posOf("text").error("No text supplied for accumulator (" + t.label() + ")");
            List<Object> acc = accumulators.computeIfAbsent(String.valueOf(filename), k -> new LinkedHashMap<>())
                    .computeIfAbsent(t.name(), k -> new ArrayList<>());
            for (Object chunk : text instanceof List<?> l ? l : List.of(text)) if (!acc.contains(chunk)) acc.add(chunk);
        }
    }

    /** Salt's blockreplace: every accumulator of this file adds its lines to content. */
    private void accumulatedContent(Target t) {
        Map<String, List<Object>> acc = accumulators.get(t.name());
        if (acc == null) return;
        Object c = t.args().get("content");
        String content = c == null ? "" : String.valueOf(c);
        for (List<Object> chunks : acc.values()) {
            for (Object line : chunks) content = content.isEmpty() ? String.valueOf(line) : content + "\n" + line;
        }
        t.args().put("content", content);
    }

    // ---- file.serialize's dataset_pillar

    private void datasetPillar(Target t) {
        Object key = t.args().remove("dataset_pillar");
        if (key == null) return;
        if (t.args().get("dataset") != null) {
            throw t.posOf("dataset_pillar").error("Only one of 'dataset' and 'dataset_pillar' is permitted (" + t.label() + ")");
        }
        Object value = Lookup.path(vars.get("pillar"), String.valueOf(key), ":");
        if (value == Lookup.MISSING || value == null) {
            throw t.posOf("dataset_pillar").error("pillar key '" + key + "' (dataset_pillar of " + t.label() + ") does not exist");
        }
        t.args().put("dataset", value);
    }

    /** A secret nested in a structure would not be unsealed on the minion: refuse it. */
    private static boolean nestedSecret(Object v) {
        if (v instanceof String s) return Secrets.mentionsSecret(s);
        if (v instanceof Map<?, ?> m) return m.keySet().stream().anyMatch(FileArgs::nestedSecret) || m.values().stream().anyMatch(FileArgs::nestedSecret);
        if (v instanceof Collection<?> c) return c.stream().anyMatch(FileArgs::nestedSecret);
        return false;
    }

    // ---- file.append / file.prepend sources

    private void appendSources(Target t) {
        Map<String, Object> args = t.args();
        Object source = args.remove("source");
        Object sources = args.remove("sources");
        Object hash = args.remove("source_hash");
        Object hashes = args.remove("source_hashes");
        Object tpl = args.remove("template");
        Map<String, Object> context = context(t);
        if (source == null && sources == null) return;
        boolean template = tpl == null || (tpl instanceof String s && s.strip().equalsIgnoreCase("jinja"));
        if (!template && tpl != null && !String.valueOf(tpl).isBlank()) {
            throw t.posOf("template").error("template '" + tpl + "' is not supported by jsalt (it renders jinja) in " + t.label());
        }
        List<Object> urls = new ArrayList<>();
        List<Object> sums = new ArrayList<>();
        if (sources != null) {
            urls.addAll(sources instanceof List<?> l ? l : List.of(sources));
            if (hashes != null) sums.addAll(hashes instanceof List<?> l ? l : List.of(hashes));
        } else {
            urls.addAll(source instanceof List<?> l ? l : List.of(source));
            if (hash != null) sums.add(hash);
        }
        if (!sums.isEmpty() && sums.size() != urls.size()) {
            throw t.posOf(sources != null ? "source_hashes" : "source_hash").error("source_hashes of " + t.label()
                    + " must have one hash per source");
        }
        List<Object> texts = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            Found found = resolve(t, urls.get(i));
            if (!sums.isEmpty()) verifyHash(t, found, String.valueOf(sums.get(i)), sources != null ? "source_hashes" : "source_hash");
            String text = utf8(found.bytes());
            if (text == null) throw t.posOf("source").error(found.url() + " of " + t.label() + " is not UTF-8 text");
            texts.add(template ? renderSource(t, found, text, context) : text);
        }
        if (texts.size() > 1 && texts.stream().anyMatch(x -> x instanceof String str && Secrets.mentionsSecret(str))) {
            throw t.posOf(sources != null ? "sources" : "source").error("a source of " + t.label() + " prints a secret pillar value;"
                    + " only a single source can hold one");
        }
        Object given = args.get("text");
        if (given != null) throw t.posOf("text").error("text and source(s) cannot be used together in " + t.label());
        args.put("text", texts.size() == 1 ? texts.get(0) : texts);
    }

    // ---- file.recurse

    private void recurse(Target t) {
        Map<String, Object> args = t.args();
        Object source = args.get("source");
        SourcePos pos = t.posOf("source");
        if (!(source instanceof String url)) throw pos.error("source of " + t.label() + " must be one salt:// directory");
        String dir = treePath(t, pos, url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        boolean template = template(t);
        Map<String, Object> context = context(t);
        String include = args.get("include_pat") == null ? null : String.valueOf(args.get("include_pat"));
        String exclude = args.get("exclude_pat") == null ? null : String.valueOf(args.get("exclude_pat"));
        Object md = args.get("maxdepth");
        Integer maxdepth = md == null ? null : Integer.valueOf(String.valueOf(md).strip());
        StateTree tree = scope.tree();
        // keep_symlinks: a link in the source is made as a link on the minion (its target as written), not copied as
        // the file it points to (Salt: "the copy operation terminates at the symlink").
        boolean keepModes = keepsSourceModes(args);
        if (keepModes) args.remove("file_mode");
        java.util.SortedMap<String, String> links = Boolean.TRUE.equals(truthy(args.remove("keep_symlinks")))
                ? tree.symlinks(dir) : java.util.Collections.emptySortedMap();
        List<Object> files = new ArrayList<>();
        java.util.Set<String> dirs = new java.util.TreeSet<>();
        for (var link : links.entrySet()) {
            String rel = link.getKey().substring(dir.length() + 1);
            if (maxdepth != null && rel.chars().filter(ch -> ch == '/').count() > maxdepth) continue;
            if (!dev.jsalt.common.state.IncludeExclude.check(rel, include, exclude)) continue;
            for (int i = rel.indexOf('/'); i >= 0; i = rel.indexOf('/', i + 1)) dirs.add(rel.substring(0, i));
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("path", rel);
            e.put("type", "symlink");
            e.put("target", link.getValue());
            files.add(e);
        }
        long total = 0;
        for (String path : tree.list(dir)) {
            if (links.containsKey(path)) continue;
            String rel = path.substring(dir.length() + 1);
            if (maxdepth != null && rel.chars().filter(ch -> ch == '/').count() > maxdepth) continue;
            if (!dev.jsalt.common.state.IncludeExclude.check(rel, include, exclude)) continue;
            byte[] bytes = tree.read(path).orElseThrow();
            total += bytes.length;
            if (total > MAX_SOURCE_BYTES) {
                throw pos.error("the files of '" + url + "' (" + t.label() + ") exceed " + MAX_SOURCE_BYTES + " bytes; jsalt inlines"
                        + " at most that much in the state document (ship big trees as a package or archive)");
            }
            for (int i = rel.indexOf('/'); i >= 0; i = rel.indexOf('/', i + 1)) dirs.add(rel.substring(0, i));
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("path", rel);
            e.put("type", "file");
            if (keepModes) e.put("mode", tree.mode(path));
            String text = utf8(bytes);
            String fileUrl = SALT_URL + path;
            if (template) {
                if (text == null) throw t.posOf("template").error("template: jinja on " + fileUrl + ", which is not UTF-8 text (" + t.label() + ")");
                String dest = t.name().replaceAll("/+$", "") + "/" + rel;
                e.put("contents", renderSource(new Target(t.module(), t.function(), t.id(), dest, t.sls(), t.slsFile(), t.args(),
                        t.argPos(), t.pos(), t.requisites()), new Found(fileUrl, path, bytes), text, context));
                if (Secrets.mentionsSecret(String.valueOf(e.get("contents")))) {
                    throw t.posOf("template").error(fileUrl + " of " + t.label() + " prints a secret pillar value: manage that file"
                            + " with file.managed, whose contents are sealed as a whole");
                }
            } else if (text != null) {
                e.put("contents", text);
            } else {
                e.put("contents_base64", Base64.getEncoder().encodeToString(bytes));
            }
            files.add(e);
        }
        if (files.isEmpty()) {
            throw pos.error("The directory '" + url + "' of " + t.label() + " holds no files in the state tree (" + tree.source() + ")"
                    + (include != null || exclude != null || maxdepth != null ? " that include_pat/exclude_pat/maxdepth select" : ""));
        }
        List<Object> entries = new ArrayList<>();
        for (String d : dirs) entries.add(Map.of("path", d, "type", "dir"));
        files.sort(java.util.Comparator.comparing(f -> String.valueOf(((Map<?, ?>) f).get("path"))));
        entries.addAll(files);
        Map<String, Object> replacement = new LinkedHashMap<>();
        replacement.put("source_path", url);
        replacement.put("files", new Verbatim(entries));
        replace(args, "source", replacement);
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
        verifyHash(t, found, h.toString(), "source_hash");
    }

    private static void verifyHash(Target t, Found found, String given, String arg) {
        SourcePos pos = t.posOf(arg);
        String spec = given.strip();
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

    /** Salt's {@code file_mode: keep}: each file keeps its mode from the state tree. */
    private static boolean keepsSourceModes(Map<String, Object> args) {
        return "keep".equalsIgnoreCase(String.valueOf(args.get("file_mode")).strip());
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

    // ---- cron.file

    /** {@code cron.file}: the crontab (the name, a salt:// URL) shipped as source_contents, rendered with template: jinja. */
    private void cronFile(Target t) {
        boolean template = template(t);
        Map<String, Object> context = context(t);
        Found found = resolve(t, t.name());
        checkHash(t, found);
        t.args().remove("source_hash");
        String text = utf8(found.bytes());
        if (text == null) throw t.pos().error("crontab " + found.url() + " of " + t.label() + " is not UTF-8 text");
        t.args().put("source_path", found.url());
        t.args().put("source_contents", template ? renderSource(t, found, text, context) : new Verbatim(text));
    }

    // ---- pkgrepo.managed: key_url

    /** A salt:// {@code key_url} is read here and shipped as {@code key_text}; other URLs the minion fetches itself. */
    private void pkgrepoKey(Target t) {
        Object url = t.args().get("key_url");
        if (!(url instanceof String s) || !s.startsWith(SALT_URL)) return;
        Found found = resolve(t, s);
        String text = utf8(found.bytes());
        if (text == null) {
            throw t.posOf("key_url").error("key_url " + found.url() + " of " + t.label() + " is a binary key: jsalt ships keys from"
                    + " the state tree as text, so give the armored key (gpg --armor --export)");
        }
        replace(t.args(), "key_url", Map.of("key_text", new Verbatim(text)));
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

    /**
     * What a file template sees, as Salt's {@code file.get_managed} passes it: the render's standard variables (grains,
     * pillar, salt, opts, saltenv), the state's name, source, user, group, mode and attrs, then {@code defaults} merged
     * with {@code context} (which override). Unlike an SLS file, no {@code sls} or {@code tpldir}: formulas that need
     * them pass them in {@code context} (mysql-formula's {@code context: {tpldir: ...}}); an imported template sets
     * {@code tpldir} for what it imports, as Salt's loader does.
     */
    private Map<String, Object> templateVars(Target t, Map<String, Object> context, String sourceUrl, String tplFile) {
        Map<String, Object> v = new HashMap<>(vars);
        v.put("name", t.name());
        v.put("source", sourceUrl);
        for (String k : List.of("user", "group", "mode", "attrs")) v.put(k, t.args().get(k));
        v.putAll(context);
        Map<String, List<Object>> acc = "managed".equals(t.function()) ? accumulators.get(t.name()) : null;
        if (acc != null) v.put("accumulator", acc); // Salt sets context['accumulator'] for the file's accumulators
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
