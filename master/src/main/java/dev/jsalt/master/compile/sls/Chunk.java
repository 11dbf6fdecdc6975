package dev.jsalt.master.compile.sls;

import dev.jsalt.common.state.Requisite;
import dev.jsalt.common.state.Resource;
import dev.jsalt.master.compile.SourcePos;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** One resource in the making: a declaration with one name, before requisites are resolved and order is fixed. */
final class Chunk {
    final Declaration decl;
    final String name;
    final Map<String, Object> args;
    final List<RequisiteRef> refs;
    final SourcePos pos;
    final int sub;
    final String key;
    final LinkedHashSet<Requisite> requisites = new LinkedHashSet<>();

    Chunk(Declaration decl, String name, Map<String, Object> args, List<RequisiteRef> refs, SourcePos pos, int sub) {
        this.decl = decl;
        this.name = name;
        this.args = args;
        this.refs = refs;
        this.pos = pos;
        this.sub = sub;
        this.key = Resource.keyOf(decl.module, decl.id, name, decl.function);
    }

    String label() {
        String base = decl.module + "." + decl.function + " '" + decl.id + "'";
        return name.equals(decl.id) ? base : base + " (name '" + name + "')";
    }

    Resource toResource() {
        return new Resource(key, decl.id, decl.module, decl.function, name, args, List.copyOf(requisites), decl.sls,
                decl.idPos.file(), decl.idPos.line(), decl.failhard);
    }
}
