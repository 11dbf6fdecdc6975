package dev.jsalt.jinja.compile;

import dev.jsalt.jinja.Environment;
import dev.jsalt.jinja.JinjaCallable;
import dev.jsalt.jinja.JinjaException;
import dev.jsalt.jinja.LimitExceededError;
import dev.jsalt.jinja.TemplateRuntimeError;
import dev.jsalt.jinja.TemplateSyntaxError;
import dev.jsalt.jinja.ast.Nodes;
import dev.jsalt.jinja.ast.Nodes.*;
import dev.jsalt.jinja.runtime.BlockFn;
import dev.jsalt.jinja.runtime.Code;
import dev.jsalt.jinja.runtime.Code.Ex;
import dev.jsalt.jinja.runtime.Code.St;
import dev.jsalt.jinja.runtime.CompiledTemplate;
import dev.jsalt.jinja.runtime.Frame;
import dev.jsalt.jinja.runtime.Runtime;
import dev.jsalt.jinja.value.Missing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a template's syntax tree into closures, following Jinja2's CodeGenerator (jinja2/compiler.py) visit
 * for visit: the same scopes and frames, the same compile-time checks and errors, the same runtime order. Where
 * Jinja2 writes Python source, this builds {@link Code.St} and {@link Code.Ex} closures over {@link Frame}s.
 */
public final class Compiler {
    private final Environment env;
    private final String name;
    private final CompiledTemplate template;
    private final Map<String, Block> blocks = new LinkedHashMap<>();
    int extendsSoFar;
    boolean hasKnownExtends;
    final List<Set<String>> assignStack = new ArrayList<>();
    final List<Set<Symbols.Ref>> paramDefBlock = new ArrayList<>();
    final Expressions expressions;
    final Statements statements;
    final Folding folding;

    private Compiler(Environment env, String name, String source) {
        this.env = env;
        this.name = name;
        this.template = new CompiledTemplate(name, source);
        this.folding = new Folding(env);
        this.expressions = new Expressions(this);
        this.statements = new Statements(this);
    }

    /** Compiles a parsed template. */
    public static CompiledTemplate compile(Environment env, String name, String source, Template node) {
        Compiler c = new Compiler(env, name, source);
        c.visitTemplate(node);
        return c.template;
    }

    Environment env() {
        return env;
    }

    String name() {
        return name;
    }

    CompiledTemplate template() {
        return template;
    }

    TemplateSyntaxError fail(String msg, int lineno) {
        return new TemplateSyntaxError(msg, lineno, name, true);
    }

    /** Jinja2's position(node): {@code line 3 in 'x.sls'}. */
    String position(int lineno) {
        String rv = "line " + lineno;
        if (name != null) {
            rv = rv + " in " + dev.jsalt.jinja.value.Py.repr(name);
        }
        return rv;
    }

    // ---- located execution ------------------------------------------------------------------------------------

    /** Wraps a statement so any failure inside is located at this template and line (innermost wins). */
    St located(int lineno, St st) {
        String n = name;
        return (f, out) -> {
            try {
                return st.exec(f, out);
            } catch (JinjaException e) {
                throw e.locate(n, lineno);
            } catch (StackOverflowError e) {
                throw new LimitExceededError("max recursion depth", f.state.limits.maxRecursionDepth(), "Java stack exhausted")
                        .locate(n, lineno);
            } catch (RuntimeException e) {
                throw Runtime.internal(e).locate(n, lineno);
            }
        };
    }

    Ex locatedEx(int lineno, Ex ex) {
        String n = name;
        return f -> {
            try {
                return ex.eval(f);
            } catch (JinjaException e) {
                throw e.locate(n, lineno);
            } catch (StackOverflowError e) {
                throw new LimitExceededError("max recursion depth", f.state.limits.maxRecursionDepth(), "Java stack exhausted")
                        .locate(n, lineno);
            } catch (RuntimeException e) {
                throw Runtime.internal(e).locate(n, lineno);
            }
        };
    }

    // ---- frames -----------------------------------------------------------------------------------------------

    /** Jinja2's enter_frame: load instructions of a scope, run when the scope is entered. */
    St enterFrame(CFrame frame) {
        List<St> steps = new ArrayList<>();
        for (Map.Entry<Symbols.Ref, Symbols.Load> e : frame.symbols.loads.entrySet()) {
            Symbols.Load load = e.getValue();
            FnScope.Addr target = frame.fn.addr(e.getKey());
            switch (load.kind()) {
                case PARAMETER -> {
                }
                case RESOLVE -> {
                    String key = (String) load.param();
                    int hops = target.hops();
                    int slot = target.slot();
                    steps.add((f, out) -> {
                        Frame t = f.up(hops);
                        t.slots[slot] = f.ctx.resolveOrMissing(key);
                        return Code.NORMAL;
                    });
                }
                case ALIAS -> {
                    FnScope.Addr source = frame.fn.addr((Symbols.Ref) load.param());
                    steps.add((f, out) -> {
                        f.up(target.hops()).slots[target.slot()] = f.up(source.hops()).slots[source.slot()];
                        return Code.NORMAL;
                    });
                }
                case UNDEFINED -> steps.add((f, out) -> {
                    f.up(target.hops()).slots[target.slot()] = Missing.MISSING;
                    return Code.NORMAL;
                });
                default -> throw new IllegalStateException("unknown load instruction");
            }
        }
        return seq(steps);
    }

    /** Jinja2's leave_frame: the scope's names become unassigned again (closures see that). */
    St leaveFrame(CFrame frame, boolean withPythonScope) {
        if (withPythonScope) {
            return NOOP;
        }
        List<FnScope.Addr> targets = new ArrayList<>();
        for (Symbols.Ref r : frame.symbols.loads.keySet()) {
            targets.add(frame.fn.addr(r));
        }
        if (targets.isEmpty()) {
            return NOOP;
        }
        return (f, out) -> {
            for (FnScope.Addr a : targets) {
                f.up(a.hops()).slots[a.slot()] = Missing.MISSING;
            }
            return Code.NORMAL;
        };
    }

    static final St NOOP = (f, out) -> Code.NORMAL;

    static St seq(List<St> steps) {
        List<St> real = new ArrayList<>();
        for (St s : steps) {
            if (s != NOOP) {
                real.add(s);
            }
        }
        if (real.isEmpty()) {
            return NOOP;
        }
        if (real.size() == 1) {
            return real.get(0);
        }
        St[] arr = real.toArray(new St[0]);
        return (f, out) -> {
            for (St s : arr) {
                int r = s.exec(f, out);
                if (r != Code.NORMAL) {
                    return r;
                }
            }
            return Code.NORMAL;
        };
    }

    /** Signals Jinja2's CompilerExit: stop compiling the rest of the current body. */
    static final class CompilerExit extends RuntimeException {
        final St emitted;

        CompilerExit(St emitted) {
            super(null, null, false, false);
            this.emitted = emitted;
        }
    }

    /** Jinja2's blockvisit: the statements in order, stopping at a CompilerExit. */
    St blockvisit(List<? extends Stmt> nodes, CFrame frame) {
        List<St> out = new ArrayList<>();
        try {
            for (Stmt n : nodes) {
                out.add(statements.visit(n, frame));
            }
        } catch (CompilerExit exit) {
            out.add(exit.emitted);
        }
        return seq(out);
    }

    // ---- template ---------------------------------------------------------------------------------------------

    private void visitTemplate(Template node) {
        boolean haveExtends = !Nodes.findAll(node, Extends.class).isEmpty();
        for (Block block : Nodes.findAll(node, Block.class)) {
            if (blocks.containsKey(block.name())) {
                throw fail("block " + dev.jsalt.jinja.value.Py.repr(block.name()) + " defined twice", block.lineno());
            }
            blocks.put(block.name(), block);
        }
        FnScope rootFn = new FnScope(0, null);
        CFrame frame = new CFrame(null, null, rootFn);
        List<St> prologue = new ArrayList<>();
        if (Symbols.findUndeclared(node.body(), Set.of("self")).contains("self")) {
            Symbols.Ref ref = frame.symbols.declareParameter("self");
            FnScope.Addr a = rootFn.addr(ref);
            prologue.add((f, out) -> {
                f.slots[a.slot()] = new dev.jsalt.jinja.runtime.TemplateReference(f.ctx);
                return Code.NORMAL;
            });
        }
        frame.symbols.analyzeNode(node);
        frame.toplevel = true;
        frame.rootlevel = true;
        frame.requireOutputCheck = haveExtends && !hasKnownExtends;
        prologue.add(enterFrame(frame));
        St body = blockvisit(node.body(), frame);
        St root = seq(List.of(seq(prologue), body));
        boolean extendsCode = haveExtends;
        template.init((ctx, out) -> {
            Frame f = new Frame(rootFn.size(), null, ctx);
            root.exec(f, out);
            if (extendsCode && f.parentTemplate != null) {
                CompiledTemplate parent = f.parentTemplate;
                ctx.state().enter();
                try {
                    parent.root(ctx, out);
                } finally {
                    ctx.state().leave();
                }
            }
        });
        for (Block block : blocks.values()) {
            compileBlock(block);
        }
    }

    private void compileBlock(Block block) {
        FnScope fn = new FnScope(0, null);
        CFrame frame = new CFrame(null, null, fn);
        frame.blockFrame = true;
        Set<String> undeclared = Symbols.findUndeclared(block.body(), Set.of("self", "super"));
        List<St> prologue = new ArrayList<>();
        BlockFn[] self = new BlockFn[1];
        if (undeclared.contains("self")) {
            FnScope.Addr a = fn.addr(frame.symbols.declareParameter("self"));
            prologue.add((f, out) -> {
                f.slots[a.slot()] = new dev.jsalt.jinja.runtime.TemplateReference(f.ctx);
                return Code.NORMAL;
            });
        }
        if (undeclared.contains("super")) {
            FnScope.Addr a = fn.addr(frame.symbols.declareParameter("super"));
            String blockName = block.name();
            prologue.add((f, out) -> {
                f.slots[a.slot()] = Runtime.superBlock(f.ctx, blockName, self[0]);
                return Code.NORMAL;
            });
        }
        frame.symbols.analyzeNode(block);
        frame.block = block.name();
        prologue.add(enterFrame(frame));
        St body = blockvisit(block.body(), frame);
        St all = seq(List.of(seq(prologue), body));
        self[0] = new BlockFn(block.name(), template, (ctx, out) -> {
            Frame f = new Frame(fn.size(), null, ctx);
            f.blockVars = new java.util.HashMap<>();
            all.exec(f, out);
        });
        template.addBlock(self[0]);
    }

    // ---- filters and tests ------------------------------------------------------------------------------------

    /** A filter for a template: the environment's, a runtime error stub in soft frames, or a compile-time error. */
    JinjaCallable filter(String filterName, CFrame frame, int lineno) {
        JinjaCallable f = env.filter(filterName);
        if (f != null) {
            return f;
        }
        if (!frame.softFrame) {
            throw fail("No filter named " + dev.jsalt.jinja.value.Py.repr(filterName) + ".", lineno);
        }
        return call -> {
            throw new TemplateRuntimeError("No filter named " + dev.jsalt.jinja.value.Py.repr(filterName) + " found.");
        };
    }

    JinjaCallable test(String testName, CFrame frame, int lineno) {
        JinjaCallable t = env.test(testName);
        if (t != null) {
            return t;
        }
        if (!frame.softFrame) {
            throw fail("No test named " + dev.jsalt.jinja.value.Py.repr(testName) + ".", lineno);
        }
        return call -> {
            throw new TemplateRuntimeError("No test named " + dev.jsalt.jinja.value.Py.repr(testName) + " found.");
        };
    }
}
