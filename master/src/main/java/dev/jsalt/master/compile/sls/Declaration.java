package dev.jsalt.master.compile.sls;

import dev.jsalt.master.compile.SourcePos;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * One state declaration: a module and function under an ID ({@code nginx: service.running: [...]}) before
 * {@code names:} expansion. Mutable only while {@code extend:} is applied.
 */
public final class Declaration {
    /**
     * One entry of {@code names:}; per-name arguments override the declaration's. {@code argPos} holds where each
     * argument was written (for errors found after parsing).
     */
    public record NameItem(String name, LinkedHashMap<String, Object> args, java.util.Map<String, SourcePos> argPos,
                           List<RequisiteRef> requisites, SourcePos pos) {
    }

    final String id;
    final String module;
    String function;
    final String sls;
    final SourcePos idPos;
    SourcePos functionPos;
    final LinkedHashMap<String, Object> args = new LinkedHashMap<>();
    /** Where each argument of {@link #args} was written. */
    final java.util.Map<String, SourcePos> argPos = new java.util.HashMap<>();
    String name;
    SourcePos namePos;
    List<NameItem> names;
    Object order;
    SourcePos orderPos;
    boolean failhard;
    final List<RequisiteRef> requisites = new java.util.ArrayList<>();
    /** Requisites and global arguments as written ({@code require: [{pkg: x}]}, {@code failhard: true}), for Salt's view. */
    final LinkedHashMap<String, Object> written = new LinkedHashMap<>();
    final int seq;

    Declaration(String id, String module, String function, String sls, SourcePos idPos, SourcePos functionPos, int seq) {
        this.id = id;
        this.module = module;
        this.function = function;
        this.sls = sls;
        this.idPos = idPos;
        this.functionPos = functionPos;
        this.seq = seq;
    }

    public String id() { return id; }

    public String module() { return module; }

    public String function() { return function; }

    public String sls() { return sls; }

    public SourcePos idPos() { return idPos; }

    public String label() { return module + "." + function + " '" + id + "'"; }
}
