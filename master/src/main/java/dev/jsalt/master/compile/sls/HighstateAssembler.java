package dev.jsalt.master.compile.sls;

import dev.jsalt.common.state.Resource;
import dev.jsalt.master.compile.SourcePos;
import dev.jsalt.master.compile.render.Secrets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * From parsed SLS files to the ordered resources of a state document: duplicate IDs across files are refused,
 * {@code extend:} and {@code exclude:} applied, {@code names:} expanded, secrets marked, requisites resolved, order
 * fixed.
 */
public final class HighstateAssembler {
    private final Secrets secrets;
    private final List<ArgRewriter> rewriters;

    public HighstateAssembler(Secrets secrets) {
        this(secrets, List.of());
    }

    /** {@code rewriters} run on every resource's arguments, in order, before secrets are revealed. */
    public HighstateAssembler(Secrets secrets, List<ArgRewriter> rewriters) {
        this.secrets = secrets;
        this.rewriters = List.copyOf(rewriters);
    }

    /** {@code parsed} in load order (includes first); {@code loadedSls} names every SLS of the run. */
    public List<Resource> assemble(List<DeclarationParser.Parsed> parsed, Set<String> loadedSls) {
        List<Declaration> decls = new ArrayList<>();
        Map<String, Declaration> firstById = new HashMap<>();
        for (DeclarationParser.Parsed p : parsed) {
            for (Declaration d : p.declarations()) {
                Declaration first = firstById.putIfAbsent(d.id, d);
                if (first != null && !first.idPos.file().equals(d.idPos.file())) {
                    throw d.idPos.error("ID '" + d.id + "' is declared twice: in " + first.idPos + " and in " + d.idPos
                            + " (IDs must be unique across all SLS files of a run)");
                }
                decls.add(d);
            }
        }
        for (DeclarationParser.Parsed p : parsed) for (Declaration ext : p.extensions()) extend(decls, ext);
        for (DeclarationParser.Parsed p : parsed) {
            for (DeclarationParser.Exclusion ex : p.exclusions()) {
                decls.removeIf(d -> ex.sls() ? d.sls.equals(ex.value()) : d.id.equals(ex.value()));
            }
        }
        applyUse(decls);
        List<Chunk> chunks = expand(decls);
        new RequisiteResolver(chunks, loadedSls).resolve(chunks);
        return ResourceOrder.sort(chunks).stream().map(Chunk::toResource).toList();
    }

    static void extend(List<Declaration> decls, Declaration ext) {
        Declaration target = decls.stream().filter(d -> d.id.equals(ext.id) && d.module.equals(ext.module)).findFirst()
                .orElseThrow(() -> ext.idPos.error("extend: there is no " + ext.module + " state with ID '" + ext.id + "' to extend"));
        if (ext.function != null) {
            target.function = ext.function;
            target.functionPos = ext.functionPos;
        }
        target.args.putAll(ext.args);
        target.argPos.putAll(ext.argPos);
        target.requisites.addAll(ext.requisites); // Salt appends requisites rather than replacing them
        ext.written.forEach((k, v) -> target.written.merge(k, v, (a, b) -> {
            if (!(a instanceof List<?> la) || !(b instanceof List<?> lb)) return b;
            List<Object> all = new ArrayList<>(la);
            all.addAll(lb);
            return all;
        }));
        if (ext.name != null) {
            target.name = ext.name;
            target.namePos = ext.namePos;
        }
        if (ext.names != null) target.names = ext.names;
        if (ext.order != null) {
            target.order = ext.order;
            target.orderPos = ext.orderPos;
        }
        if (ext.failhard) target.failhard = true;
    }

    /**
     * {@code use} / {@code use_in}: the using state takes every argument of the used one it does not set itself, except
     * name, names and requisites (Salt's rules).
     */
    private static void applyUse(List<Declaration> decls) {
        for (Declaration d : decls) {
            for (RequisiteRef ref : List.copyOf(d.requisites)) {
                if (!ref.isUse()) continue;
                List<Declaration> targets = decls.stream().filter(t -> t != d
                        && (ref.module() == null || ref.module().equals(t.module))
                        && (t.id.equals(ref.target()) || ref.target().equals(t.name))).toList();
                if (ref.isSls()) throw ref.pos().error("use: an SLS cannot be used; name a state");
                if (targets.isEmpty()) {
                    throw ref.pos().error("requisite '" + ref.describe() + "' of " + d.label() + " matches no state ID or name in this run");
                }
                for (Declaration t : targets) {
                    Declaration user = ref.reverse() ? t : d;
                    Declaration used = ref.reverse() ? d : t;
                    used.args.forEach((k, v) -> {
                        if (!user.args.containsKey(k)) {
                            user.args.put(k, v);
                            SourcePos p = used.argPos.get(k);
                            if (p != null) user.argPos.put(k, p);
                        }
                    });
                }
            }
        }
    }

    private List<Chunk> expand(List<Declaration> decls) {
        record Pending(Declaration d, Declaration.NameItem item, ArgRewriter.Target target, SourcePos pos, int sub) {
        }
        List<Pending> pending = new ArrayList<>();
        for (Declaration d : decls) {
            List<Declaration.NameItem> items = d.names != null ? d.names
                    : List.of(new Declaration.NameItem(d.name != null ? d.name : d.id, new LinkedHashMap<>(), Map.of(), List.of(),
                            d.namePos != null ? d.namePos : d.idPos));
            int sub = 0;
            for (Declaration.NameItem item : items) {
                if (Secrets.mentionsSecret(item.name())) throw item.pos().error("a secret pillar value cannot be used as a name");
                Map<String, Object> args = new LinkedHashMap<>(d.args);
                args.putAll(item.args());
                Map<String, SourcePos> argPos = new HashMap<>(d.argPos);
                argPos.putAll(item.argPos());
                SourcePos pos = d.names != null ? item.pos() : d.idPos;
                List<RequisiteRef> written = new ArrayList<>(d.requisites);
                written.addAll(item.requisites());
                ArgRewriter.Target target = new ArgRewriter.Target(d.module, d.function, d.id, item.name(), d.sls,
                        d.idPos.file(), args, argPos, pos, List.copyOf(written));
                pending.add(new Pending(d, item, target, pos, sub++));
            }
        }
        List<ArgRewriter.Target> all = pending.stream().map(Pending::target).toList();
        for (ArgRewriter r : rewriters) r.prepare(all);
        List<Chunk> chunks = new ArrayList<>();
        Map<String, Chunk> byKey = new HashMap<>();
        for (Pending p : pending) {
            for (ArgRewriter r : rewriters) r.rewrite(p.target());
            Map<String, Object> args = reveal(p.target().args(), p.d());
            List<RequisiteRef> refs = new ArrayList<>(p.d().requisites);
            refs.addAll(p.item().requisites());
            Chunk c = new Chunk(p.d(), p.item().name(), args, refs, p.pos(), p.sub());
            Chunk clash = byKey.putIfAbsent(c.key, c);
            if (clash != null) throw p.pos().error(c.label() + " is declared twice (also at " + clash.pos + ")");
            chunks.add(c);
        }
        return chunks;
    }

    /** Secret tokens → {@code {"$secret": ...}}; {@link ArgRewriter.Verbatim} values unwrapped as they are. */
    private Map<String, Object> reveal(Map<String, Object> args, Declaration d) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : args.entrySet()) {
            Object v = e.getValue();
            if (v instanceof ArgRewriter.Verbatim verbatim) {
                out.put(e.getKey(), verbatim.value());
                continue;
            }
            try {
                out.put(e.getKey(), secrets.reveal(v));
            } catch (IllegalArgumentException ex) {
                throw d.idPos.error(ex.getMessage() + " in " + d.label());
            }
        }
        return out;
    }
}
