package dev.jsalt.jinja.compile;

import dev.jsalt.jinja.TemplateRuntimeError;
import dev.jsalt.jinja.ast.Nodes;
import dev.jsalt.jinja.ast.Nodes.*;
import dev.jsalt.jinja.runtime.Code;
import dev.jsalt.jinja.runtime.Code.Ex;
import dev.jsalt.jinja.runtime.Code.St;
import dev.jsalt.jinja.runtime.CompiledTemplate;
import dev.jsalt.jinja.runtime.Frame;
import dev.jsalt.jinja.runtime.LoopContext;
import dev.jsalt.jinja.runtime.Macro;
import dev.jsalt.jinja.runtime.Namespace;
import dev.jsalt.jinja.runtime.Out;
import dev.jsalt.jinja.runtime.Runtime;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyIter;
import dev.jsalt.jinja.value.Undefined;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/** Jinja2's statement visitors. */
final class Statements {
    private final Compiler c;

    Statements(Compiler c) {
        this.c = c;
    }

    St visit(Stmt node, CFrame frame) {
        if (node instanceof Output o) {
            return output(o, frame);
        }
        if (node instanceof If i) {
            return ifStmt(i, frame);
        }
        if (node instanceof For f) {
            return forStmt(f, frame);
        }
        if (node instanceof Assign a) {
            return assign(a, frame);
        }
        if (node instanceof AssignBlock a) {
            return assignBlock(a, frame);
        }
        if (node instanceof Nodes.Macro m) {
            return macro(m, frame);
        }
        if (node instanceof CallBlock cb) {
            return callBlock(cb, frame);
        }
        if (node instanceof FilterBlock fb) {
            return filterBlock(fb, frame);
        }
        if (node instanceof With w) {
            return with(w, frame);
        }
        if (node instanceof ExprStmt e) {
            Ex ex = c.expressions.visit(e.node(), frame);
            return c.located(e.lineno(), (f, out) -> {
                ex.eval(f);
                return Code.NORMAL;
            });
        }
        if (node instanceof Break) {
            if (!frame.inLoop) {
                // Python refuses the generated code
                throw Py.error(dev.jsalt.jinja.PythonError.Kind.SyntaxError, "'break' outside loop");
            }
            return (f, out) -> Code.BREAK;
        }
        if (node instanceof Continue) {
            if (!frame.inLoop) {
                throw Py.error(dev.jsalt.jinja.PythonError.Kind.SyntaxError, "'continue' not properly in loop");
            }
            return (f, out) -> Code.CONTINUE;
        }
        if (node instanceof Scope s) {
            CFrame scope = frame.inner();
            scope.symbols.analyzeNode(s);
            return Compiler.seq(List.of(c.enterFrame(scope), c.blockvisit(s.body(), scope), c.leaveFrame(scope, false)));
        }
        if (node instanceof Block b) {
            return block(b, frame);
        }
        if (node instanceof Extends e) {
            return extendsStmt(e, frame);
        }
        if (node instanceof Include i) {
            return include(i, frame);
        }
        if (node instanceof Import i) {
            return importStmt(i, frame);
        }
        if (node instanceof FromImport fi) {
            return fromImport(fi, frame);
        }
        throw new IllegalStateException("no compiler for " + node.getClass().getSimpleName());
    }

    // ---- output -----------------------------------------------------------------------------------------------

    private St output(Output node, CFrame frame) {
        if (frame.requireOutputCheck && c.hasKnownExtends) {
            return Compiler.NOOP;
        }
        List<St> parts = new ArrayList<>();
        StringBuilder constant = new StringBuilder();
        for (Expr child : node.nodes()) {
            if (child instanceof TemplateData d) {
                constant.append(d.data());
                continue;
            }
            Object folded = c.folding.fold(child);
            if (folded != Missing.MISSING) {
                String text;
                try {
                    text = Py.str(folded);
                } catch (dev.jsalt.jinja.JinjaException e) {
                    text = null;
                }
                if (text != null) {
                    // Jinja2 renders a constant output expression at compile time
                    constant.append(text);
                    continue;
                }
            }
            if (constant.length() > 0) {
                String text = constant.toString();
                parts.add((f, out) -> {
                    out.write(text);
                    return Code.NORMAL;
                });
                constant.setLength(0);
            }
            Ex ex = c.expressions.visit(child, frame);
            parts.add(c.located(child.lineno(), (f, out) -> {
                out.write(Py.str(ex.eval(f)));
                return Code.NORMAL;
            }));
        }
        if (constant.length() > 0) {
            String text = constant.toString();
            parts.add((f, out) -> {
                out.write(text);
                return Code.NORMAL;
            });
        }
        St body = Compiler.seq(parts);
        if (frame.requireOutputCheck) {
            int hops = frame.fn.hopsToRoot();
            return (f, out) -> f.up(hops).parentTemplate == null ? body.exec(f, out) : Code.NORMAL;
        }
        return body;
    }

    /** Writes a value the way Jinja2 yields it raw (call blocks, filter blocks): concat() refuses non-str. */
    static void writeRaw(Object value, Out out) {
        if (value instanceof String s) {
            out.write(s);
        } else if (value instanceof dev.jsalt.jinja.value.Markup m) {
            out.write(m.text());
        } else {
            throw Py.typeError("sequence item: expected str instance, " + Py.typeName(value) + " found");
        }
    }

    // ---- if ---------------------------------------------------------------------------------------------------

    private St ifStmt(If node, CFrame frame) {
        CFrame ifFrame = frame.soft();
        List<Ex> tests = new ArrayList<>();
        List<St> bodies = new ArrayList<>();
        tests.add(truth(node.lineno(), c.expressions.visit(node.test(), ifFrame)));
        bodies.add(c.blockvisit(node.body(), ifFrame));
        for (If elif : node.elifs()) {
            tests.add(truth(elif.lineno(), c.expressions.visit(elif.test(), ifFrame)));
            bodies.add(c.blockvisit(elif.body(), ifFrame));
        }
        St orelse = node.orelse().isEmpty() ? Compiler.NOOP : c.blockvisit(node.orelse(), ifFrame);
        Ex[] t = tests.toArray(new Ex[0]);
        St[] b = bodies.toArray(new St[0]);
        return (f, out) -> {
            for (int i = 0; i < t.length; i++) {
                if (t[i].eval(f) == Boolean.TRUE) {
                    return b[i].exec(f, out);
                }
            }
            return orelse.exec(f, out);
        };
    }

    /** The truth of a condition, failures located at the condition's line. */
    private Ex truth(int lineno, Ex test) {
        return c.locatedEx(lineno, f -> Py.truthy(test.eval(f)) ? Boolean.TRUE : Boolean.FALSE);
    }

    // ---- for --------------------------------------------------------------------------------------------------

    private St forStmt(For node, CFrame frame) {
        CFrame loopFrame = frame.inner();
        loopFrame.loopFrame = true;
        loopFrame.inLoop = true;
        CFrame testFrame = frame.inner();
        CFrame elseFrame = frame.inner();
        boolean extendedLoop = node.recursive()
                || Symbols.findUndeclared(node.body(), Set.of("loop")).contains("loop")
                || Nodes.findAll(node, Block.class).stream().anyMatch(Block::scoped);
        FnScope outerFn = frame.fn;
        FnScope loopFn = node.recursive() ? new FnScope(loopFrame.symbols.level, outerFn) : outerFn;
        loopFrame.fn = loopFn;
        elseFrame.fn = loopFn;
        if (node.recursive()) {
            // the else runs inside the recursive loop's own function, outside any Python loop
            elseFrame.inLoop = false;
        }
        Symbols.Ref loopRef = null;
        if (extendedLoop) {
            loopRef = loopFrame.symbols.declareParameter("loop");
        }
        loopFrame.symbols.analyzeNode(node, "body");
        if (!node.orelse().isEmpty()) {
            elseFrame.symbols.analyzeNode(node, "else");
        }
        // the loop filter: a generator function of its own (t_1(fiter) in Jinja2's code)
        FilterFn filterFn = null;
        if (node.test() != null) {
            FnScope testFn = new FnScope(testFrame.symbols.level, outerFn);
            testFrame.fn = testFn;
            testFrame.symbols.analyzeNode(node, "test");
            St enter = c.enterFrame(testFrame);
            CFrame targetFrame = loopFrame.inner();
            targetFrame.symbols = loopFrame.symbols;
            targetFrame.fn = testFn;
            Assigner target = c.expressions.assigner(node.target(), targetFrame);
            Ex packed = c.expressions.visit(Nodes.setCtx(node.target(), "load"), targetFrame);
            Ex test = truth(node.test().lineno(), c.expressions.visit(node.test(), testFrame));
            filterFn = new FilterFn(testFn, enter, target, packed, test);
        }
        for (Name n : Nodes.findAll(node, Name.class)) {
            if (n.ctx().equals("store") && n.name().equals("loop")) {
                throw c.fail("Can't assign to special loop variable in for-loop target", n.lineno());
            }
        }
        Assigner target = c.expressions.assigner(node.target(), loopFrame);
        Ex iter = node.recursive() ? null : c.expressions.visit(node.iter(), frame);
        FnScope.Addr loopAddr = extendedLoop ? loopFn.addr(loopRef) : null;
        St enterLoop = c.enterFrame(loopFrame);
        St body = c.blockvisit(node.body(), loopFrame);
        boolean hasElse = !node.orelse().isEmpty();
        St leaveLoop = c.leaveFrame(loopFrame, node.recursive() && !hasElse);
        St elseCode = hasElse ? Compiler.seq(List.of(c.enterFrame(elseFrame), c.blockvisit(node.orelse(), elseFrame),
                c.leaveFrame(elseFrame, false))) : Compiler.NOOP;
        FilterFn filter = filterFn;
        int lineno = node.lineno();

        LoopBody loop = new LoopBody(target, loopAddr, enterLoop, body, leaveLoop, elseCode, hasElse, extendedLoop, filter,
                node.recursive());
        if (!c.assignStack.isEmpty()) {
            c.assignStack.get(c.assignStack.size() - 1).removeAll(loopFrame.symbols.stores);
        }
        if (!node.recursive()) {
            return c.located(lineno, (f, out) -> loop.run(f, out, iter.eval(f), null, 0));
        }
        Ex recIter = c.expressions.visit(node.iter(), frame);
        return c.located(lineno, (f, out) -> {
            Out buffer = f.state.newOut();
            LoopContext.Recurse[] self = new LoopContext.Recurse[1];
            self[0] = (iterable, depth) -> {
                f.state.enter();
                try {
                    Frame lf = new Frame(loopFn.size(), f, f.ctx);
                    Out o = f.state.newOut();
                    loop.run(lf, o, iterable, self[0], depth);
                    return o.result();
                } finally {
                    f.state.leave();
                }
            };
            Frame lf = new Frame(loopFn.size(), f, f.ctx);
            loop.run(lf, buffer, recIter.eval(f), self[0], 0);
            out.write(buffer.result());
            return Code.NORMAL;
        });
    }

    /** The compiled {@code t_1(fiter)} loop filter. */
    private record FilterFn(FnScope fn, St enter, Assigner target, Ex packed, Ex test) {
        Iterator<Object> wrap(Frame f, Iterator<Object> source) {
            Frame tf = new Frame(fn.size(), f, f.ctx);
            enter.exec(tf, null);
            return new Iterator<>() {
                Object next = Missing.MISSING;

                @Override
                public boolean hasNext() {
                    while (next == Missing.MISSING) {
                        if (!source.hasNext()) {
                            return false;
                        }
                        Object item = source.next();
                        target.assign(tf, item);
                        if (test.eval(tf) == Boolean.TRUE) {
                            next = packed.eval(tf);
                        }
                    }
                    return true;
                }

                @Override
                public Object next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Object rv = next;
                    next = Missing.MISSING;
                    return rv;
                }
            };
        }
    }

    private record LoopBody(Assigner target, FnScope.Addr loopAddr, St enter, St body, St leave, St orelse, boolean hasElse,
                            boolean extended, FilterFn filter, boolean recursive) {
        int run(Frame f, Out out, Object iterable, LoopContext.Recurse recurse, int depth) {
            Iterator<Object> it = Py.iter(iterable);
            Object source = iterable;
            if (filter != null) {
                it = filter.wrap(recursive ? f.outer : f, it);
                source = PyIter.generator("t_1", it);
            }
            boolean noIteration = true;
            if (extended) {
                f.up(loopAddr.hops()).slots[loopAddr.slot()] = Missing.MISSING;
                LoopContext loop = new LoopContext(source, it, recurse, depth);
                while (loop.advance()) {
                    f.state.tick();
                    target.assign(f, loop.currentItem());
                    f.up(loopAddr.hops()).slots[loopAddr.slot()] = loop;
                    enter.exec(f, out);
                    f.loopVars = null; // Jinja2's fresh _loop_vars each iteration, made on its first {% set %}
                    int r = body.exec(f, out);
                    if (r == Code.BREAK) {
                        break;
                    }
                    if (r == Code.NORMAL) {
                        noIteration = false;
                    }
                }
            } else {
                while (it.hasNext()) {
                    Object item = it.next();
                    f.state.tick();
                    target.assign(f, item);
                    enter.exec(f, out);
                    f.loopVars = null; // Jinja2's fresh _loop_vars each iteration, made on its first {% set %}
                    int r = body.exec(f, out);
                    if (r == Code.BREAK) {
                        break;
                    }
                    if (r == Code.NORMAL) {
                        noIteration = false;
                    }
                }
            }
            leave.exec(f, out);
            if (hasElse && noIteration) {
                // a break/continue in the else belongs to an enclosing loop
                return orelse.exec(f, out);
            }
            return Code.NORMAL;
        }
    }

    // ---- assignments ------------------------------------------------------------------------------------------

    /** Jinja2's push/pop_assign_tracking: top-level names go to context.vars (exported), loop names to _loop_vars. */
    St trackAssignments(Set<String> vars, CFrame frame) {
        if ((!frame.blockFrame && !frame.loopFrame && !frame.toplevel) || vars.isEmpty()) {
            return Compiler.NOOP;
        }
        List<String> names = new ArrayList<>(vars);
        List<FnScope.Addr> addrs = new ArrayList<>();
        for (String n : names) {
            addrs.add(frame.fn.addr(frame.symbols.ref(n)));
        }
        boolean loop = frame.loopFrame;
        boolean block = frame.blockFrame;
        List<String> publicNames = names.stream().filter(n -> !n.startsWith("_")).toList();
        return (f, out) -> {
            for (int i = 0; i < names.size(); i++) {
                Object v = f.up(addrs.get(i).hops()).slots[addrs.get(i).slot()];
                if (loop) {
                    if (f.loopVars == null) f.loopVars = new HashMap<>();
                    f.loopVars.put(names.get(i), v);
                } else if (block) {
                    f.blockVars.put(names.get(i), v);
                } else {
                    Runtime.setVar(f.ctx, names.get(i), v);
                }
            }
            if (!loop && !block) {
                for (String n : publicNames) {
                    Runtime.export(f.ctx, n);
                }
            }
            return Code.NORMAL;
        };
    }

    private St assign(Assign node, CFrame frame) {
        c.assignStack.add(new LinkedHashSet<>());
        St store;
        if (node.target() instanceof NSRef ns) {
            FnScope.Addr a = frame.fn.addr(frame.symbols.ref(ns.name()));
            Ex value = c.expressions.visit(node.node(), frame);
            String attr = ns.attr();
            store = (f, out) -> {
                Object target = f.up(a.hops()).slots[a.slot()];
                if (!(target instanceof Namespace n)) {
                    throw new TemplateRuntimeError("cannot assign attribute on non-namespace object");
                }
                n.set(attr, value.eval(f));
                return Code.NORMAL;
            };
        } else {
            Assigner target = c.expressions.assigner(node.target(), frame);
            Ex value = c.expressions.visit(node.node(), frame);
            store = (f, out) -> {
                target.assign(f, value.eval(f));
                return Code.NORMAL;
            };
        }
        Set<String> vars = c.assignStack.remove(c.assignStack.size() - 1);
        St track = trackAssignments(vars, frame);
        return c.located(node.lineno(), Compiler.seq(List.of(store, track)));
    }

    private St assignBlock(AssignBlock node, CFrame frame) {
        c.assignStack.add(new LinkedHashSet<>());
        CFrame blockFrame = frame.inner();
        blockFrame.requireOutputCheck = false;
        blockFrame.symbols.analyzeNode(node);
        St enter = c.enterFrame(blockFrame);
        St body = c.blockvisit(node.body(), blockFrame);
        Assigner target = c.expressions.assigner(node.target(), frame);
        Expressions.FilterCall filter = node.filter() == null ? null : c.expressions.filterCall(node.filter(), blockFrame);
        Set<String> vars = c.assignStack.remove(c.assignStack.size() - 1);
        St track = trackAssignments(vars, frame);
        St leave = c.leaveFrame(blockFrame, false);
        St assign = c.located(node.lineno(), (f, out) -> {
            enter.exec(f, out);
            Out buffer = f.state.newOut();
            body.exec(f, buffer);
            String text = buffer.result();
            Object value = filter == null ? text : filter.apply(f, text);
            target.assign(f, value);
            return Code.NORMAL;
        });
        return Compiler.seq(List.of(assign, track, leave));
    }

    // ---- macros -----------------------------------------------------------------------------------------------

    /** Jinja2's macro_body: the function of a macro or call block. */
    private record MacroInfo(Macro.Body body, List<String> arguments, boolean catchKwargs, boolean catchVarargs, boolean caller) {
    }

    private MacroInfo macroBody(Node node, List<Name> args, List<Expr> defaults, List<Stmt> bodyNodes, CFrame outer, int lineno) {
        CFrame frame = outer.inner();
        FnScope fn = new FnScope(frame.symbols.level, outer.fn);
        frame.fn = fn;
        frame.inLoop = false;
        frame.symbols.analyzeNode(node);
        Set<String> seenArgs = new java.util.HashSet<>();
        for (Name a : args) {
            if (!seenArgs.add(a.name())) {
                // Python refuses Jinja2's generated def with a repeated parameter
                throw Py.error(dev.jsalt.jinja.PythonError.Kind.SyntaxError, "duplicate argument 'l_" + frame.symbols.level + "_"
                        + a.name() + "' in function definition");
            }
        }
        Integer explicitCaller = null;
        Set<String> skipSpecial = new java.util.HashSet<>();
        List<Symbols.Ref> params = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String n = args.get(i).name();
            if (n.equals("caller")) {
                explicitCaller = i;
            }
            if (n.equals("kwargs") || n.equals("varargs")) {
                skipSpecial.add(n);
            }
            params.add(frame.symbols.ref(n));
        }
        Set<String> undeclared = Symbols.findUndeclared(bodyNodes, Set.of("caller", "kwargs", "varargs"));
        boolean accessesCaller = false;
        boolean accessesKwargs = false;
        boolean accessesVarargs = false;
        if (undeclared.contains("caller")) {
            if (explicitCaller != null) {
                int idx = explicitCaller - args.size() + defaults.size();
                if (idx < 0) {
                    throw c.fail("When defining macros or call blocks the special \"caller\" argument must be omitted or be given a"
                            + " default.", lineno);
                }
            } else {
                params.add(frame.symbols.declareParameter("caller"));
            }
            accessesCaller = true;
        }
        if (undeclared.contains("kwargs") && !skipSpecial.contains("kwargs")) {
            params.add(frame.symbols.declareParameter("kwargs"));
            accessesKwargs = true;
        }
        if (undeclared.contains("varargs") && !skipSpecial.contains("varargs")) {
            params.add(frame.symbols.declareParameter("varargs"));
            accessesVarargs = true;
        }
        frame.requireOutputCheck = false;
        frame.symbols.analyzeNode(node);
        St enter = c.enterFrame(frame);
        c.paramDefBlock.add(new java.util.HashSet<>(frame.symbols.dumpParamTargets()));
        List<St> defaultSteps = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String argName = args.get(i).name();
            FnScope.Addr a = fn.addr(frame.symbols.ref(argName));
            int di = i - args.size() + defaults.size();
            if (di < 0) {
                String hint = "parameter " + Py.repr(argName) + " was not provided";
                defaultSteps.add((f, out) -> {
                    if (f.slots[a.slot()] == Missing.MISSING) {
                        f.slots[a.slot()] = Undefined.hint(hint, argName);
                    }
                    return Code.NORMAL;
                });
            } else {
                Ex dflt = c.expressions.visit(defaults.get(di), frame);
                defaultSteps.add((f, out) -> {
                    if (f.slots[a.slot()] == Missing.MISSING) {
                        f.slots[a.slot()] = dflt.eval(f);
                    }
                    return Code.NORMAL;
                });
            }
            c.paramDefBlock.get(c.paramDefBlock.size() - 1).remove(frame.symbols.ref(argName));
        }
        c.paramDefBlock.remove(c.paramDefBlock.size() - 1);
        St defaultsCode = c.located(lineno, Compiler.seq(defaultSteps));
        St body = c.blockvisit(bodyNodes, frame);
        List<FnScope.Addr> paramAddrs = new ArrayList<>();
        for (Symbols.Ref r : params) {
            paramAddrs.add(fn.addr(r));
        }
        Macro.Body run = (closure, arguments) -> {
            Frame f = new Frame(fn.size(), closure, closure.ctx);
            for (int i = 0; i < paramAddrs.size(); i++) {
                f.slots[paramAddrs.get(i).slot()] = arguments[i];
            }
            Out out = f.state.newOut();
            enter.exec(f, out);
            defaultsCode.exec(f, out);
            body.exec(f, out);
            return out.result();
        };
        List<String> argNames = args.stream().map(Name::name).toList();
        return new MacroInfo(run, argNames, accessesKwargs, accessesVarargs, accessesCaller);
    }

    private St macro(Nodes.Macro node, CFrame frame) {
        MacroInfo info = macroBody(node, node.args(), node.defaults(), node.body(), frame, node.lineno());
        FnScope.Addr a = frame.fn.addr(frame.symbols.ref(node.name()));
        boolean toplevel = frame.toplevel;
        String macroName = node.name();
        boolean export = !macroName.startsWith("_");
        return (f, out) -> {
            Macro m = new Macro(info.body(), f, macroName, info.arguments(), info.catchKwargs(), info.catchVarargs(), info.caller());
            if (toplevel) {
                if (export) {
                    Runtime.export(f.ctx, macroName);
                }
                Runtime.setVar(f.ctx, macroName, m);
            }
            f.up(a.hops()).slots[a.slot()] = m;
            return Code.NORMAL;
        };
    }

    private St callBlock(CallBlock node, CFrame frame) {
        MacroInfo info = macroBody(node, node.args(), node.defaults(), node.body(), frame, node.lineno());
        Expressions.CallCode call = c.expressions.callCode(node.call(), frame, true);
        return c.located(node.lineno(), (f, out) -> {
            Macro caller = new Macro(info.body(), f, null, info.arguments(), info.catchKwargs(), info.catchVarargs(), info.caller());
            writeRaw(call.call(f, caller), out);
            return Code.NORMAL;
        });
    }

    private St filterBlock(FilterBlock node, CFrame frame) {
        CFrame filterFrame = frame.inner();
        filterFrame.symbols.analyzeNode(node);
        St enter = c.enterFrame(filterFrame);
        St body = c.blockvisit(node.body(), filterFrame);
        Expressions.FilterCall filter = c.expressions.filterCall(node.filter(), filterFrame);
        St leave = c.leaveFrame(filterFrame, false);
        St apply = c.located(node.lineno(), (f, out) -> {
            enter.exec(f, out);
            Out buffer = f.state.newOut();
            body.exec(f, buffer);
            writeRaw(filter.apply(f, buffer.result()), out);
            return Code.NORMAL;
        });
        return Compiler.seq(List.of(apply, leave));
    }

    private St with(With node, CFrame frame) {
        CFrame withFrame = frame.inner();
        withFrame.symbols.analyzeNode(node);
        St enter = c.enterFrame(withFrame);
        List<St> steps = new ArrayList<>();
        steps.add(enter);
        for (int i = 0; i < node.targets().size(); i++) {
            Assigner t = c.expressions.assigner(node.targets().get(i), withFrame);
            Ex v = c.expressions.visit(node.values().get(i), frame);
            steps.add(c.located(node.lineno(), (f, out) -> {
                t.assign(f, v.eval(f));
                return Code.NORMAL;
            }));
        }
        steps.add(c.blockvisit(node.body(), withFrame));
        steps.add(c.leaveFrame(withFrame, false));
        return Compiler.seq(steps);
    }

    // ---- inheritance ------------------------------------------------------------------------------------------

    private St block(Block node, CFrame frame) {
        boolean guard = false;
        if (frame.toplevel) {
            if (c.hasKnownExtends) {
                return Compiler.NOOP;
            }
            if (c.extendsSoFar > 0) {
                guard = true;
            }
        }
        Map<String, FnScope.Addr> locals = node.scoped() ? dumpLocals(frame) : null;
        String blockName = node.name();
        boolean required = node.required();
        int hops = frame.fn.hopsToRoot();
        boolean g = guard;
        return c.located(node.lineno(), (f, out) -> {
            if (g && f.up(hops).parentTemplate != null) {
                return Code.NORMAL;
            }
            dev.jsalt.jinja.runtime.Context ctx = locals == null ? f.ctx : f.ctx.derived(readLocals(f, locals));
            Runtime.renderBlock(f.ctx, ctx, blockName, required, out);
            return Code.NORMAL;
        });
    }

    private St extendsStmt(Extends node, CFrame frame) {
        if (!frame.toplevel) {
            throw c.fail("cannot use extend from a non top-level scope", node.lineno());
        }
        int hops = frame.fn.hopsToRoot();
        if (c.extendsSoFar > 0) {
            if (!c.hasKnownExtends) {
                St check = c.located(node.lineno(), (f, out) -> {
                    if (f.up(hops).parentTemplate != null) {
                        throw new TemplateRuntimeError("extended multiple times");
                    }
                    return Code.NORMAL;
                });
                St load = extendsLoad(node, frame, hops);
                if (frame.rootlevel) {
                    c.hasKnownExtends = true;
                }
                c.extendsSoFar++;
                return Compiler.seq(List.of(check, load));
            }
            throw new Compiler.CompilerExit(c.located(node.lineno(), (f, out) -> {
                throw new TemplateRuntimeError("extended multiple times");
            }));
        }
        St load = extendsLoad(node, frame, hops);
        if (frame.rootlevel) {
            c.hasKnownExtends = true;
        }
        c.extendsSoFar++;
        return load;
    }

    private St extendsLoad(Extends node, CFrame frame, int hops) {
        Ex template = c.expressions.visit(node.template(), frame);
        String self = c.name();
        return c.located(node.lineno(), (f, out) -> {
            CompiledTemplate parent = Runtime.getTemplate(f.state, template.eval(f), self);
            f.up(hops).parentTemplate = parent;
            Runtime.addParentBlocks(f.ctx, parent);
            return Code.NORMAL;
        });
    }

    // ---- include / import -------------------------------------------------------------------------------------

    /** Jinja2's dump_local_context: the frame's visible stored names and where they live. */
    private Map<String, FnScope.Addr> dumpLocals(CFrame frame) {
        Map<String, FnScope.Addr> out = new LinkedHashMap<>();
        for (Map.Entry<String, Symbols.Ref> e : frame.symbols.dumpStores().entrySet()) {
            out.put(e.getKey(), frame.fn.addr(e.getValue()));
        }
        return out;
    }

    static Map<String, Object> readLocals(Frame f, Map<String, FnScope.Addr> locals) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, FnScope.Addr> e : locals.entrySet()) {
            out.put(e.getKey(), f.up(e.getValue().hops()).slots[e.getValue().slot()]);
        }
        return out;
    }

    private static Runtime.Select selectMode(Expr template) {
        if (template instanceof Const k) {
            if (k.value() instanceof String) {
                return Runtime.Select.GET;
            }
            if (k.value() instanceof List) {
                return Runtime.Select.SELECT;
            }
        } else if (template instanceof Tuple || template instanceof ListLit) {
            return Runtime.Select.SELECT;
        }
        return Runtime.Select.GET_OR_SELECT;
    }

    private St include(Include node, CFrame frame) {
        Ex template = c.expressions.visit(node.template(), frame);
        Runtime.Select mode = selectMode(node.template());
        Map<String, FnScope.Addr> locals = node.withContext() ? dumpLocals(frame) : null;
        String self = c.name();
        boolean ignoreMissing = node.ignoreMissing();
        return c.located(node.lineno(), (f, out) -> {
            CompiledTemplate t = Runtime.loadForInclude(f.state, template.eval(f), self, mode, ignoreMissing);
            if (t == null) {
                return Code.NORMAL;
            }
            if (locals != null) {
                Runtime.includeWithContext(f, t, readLocals(f, locals), out);
            } else {
                Runtime.includeWithoutContext(f, t, out);
            }
            return Code.NORMAL;
        });
    }

    private Ex module(Expr templateExpr, boolean withContext, CFrame frame) {
        Ex template = c.expressions.visit(templateExpr, frame);
        Map<String, FnScope.Addr> locals = withContext ? dumpLocals(frame) : null;
        String self = c.name();
        return f -> {
            CompiledTemplate t = Runtime.getTemplate(f.state, template.eval(f), self);
            if (locals != null) {
                return Runtime.makeModule(f.state, t, f.ctx.getAll(), true, readLocals(f, locals));
            }
            return Runtime.defaultModule(f.state, t, f.ctx);
        };
    }

    private St importStmt(Import node, CFrame frame) {
        FnScope.Addr a = frame.fn.addr(frame.symbols.ref(node.target()));
        Ex module = module(node.template(), node.withContext(), frame);
        boolean toplevel = frame.toplevel;
        String target = node.target();
        return c.located(node.lineno(), (f, out) -> {
            Object m = module.eval(f);
            if (toplevel) {
                Runtime.setVar(f.ctx, target, m);
            }
            f.up(a.hops()).slots[a.slot()] = m;
            if (toplevel && !target.startsWith("_")) {
                Runtime.unexport(f.ctx, target);
            }
            return Code.NORMAL;
        });
    }

    private St fromImport(FromImport node, CFrame frame) {
        Ex module = module(node.template(), node.withContext(), frame);
        List<ImportName> names = node.names();
        List<FnScope.Addr> addrs = new ArrayList<>();
        for (ImportName n : names) {
            addrs.add(frame.fn.addr(frame.symbols.ref(n.target())));
        }
        boolean toplevel = frame.toplevel;
        String position = c.position(node.lineno());
        return c.located(node.lineno(), (f, out) -> {
            dev.jsalt.jinja.runtime.TemplateModule m = (dev.jsalt.jinja.runtime.TemplateModule) module.eval(f);
            for (int i = 0; i < names.size(); i++) {
                ImportName n = names.get(i);
                Object v = m.getAttr(n.name());
                if (v == Missing.MISSING) {
                    v = Undefined.hint("the template " + Py.repr(m.name()) + " (imported on " + position
                            + ") does not export the requested name " + Py.repr(n.name()), n.name());
                }
                f.up(addrs.get(i).hops()).slots[addrs.get(i).slot()] = v;
            }
            if (toplevel) {
                for (int i = 0; i < names.size(); i++) {
                    ImportName n = names.get(i);
                    Runtime.setVar(f.ctx, n.target(), f.up(addrs.get(i).hops()).slots[addrs.get(i).slot()]);
                }
                for (ImportName n : names) {
                    if (!n.target().startsWith("_")) {
                        Runtime.unexport(f.ctx, n.target());
                    }
                }
            }
            return Code.NORMAL;
        });
    }
}
