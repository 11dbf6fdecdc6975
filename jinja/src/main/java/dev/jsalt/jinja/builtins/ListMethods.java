package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.Invocation;
import dev.jsalt.jinja.PythonError;
import dev.jsalt.jinja.runtime.Sandbox;
import dev.jsalt.jinja.value.Args;
import dev.jsalt.jinja.value.Missing;
import dev.jsalt.jinja.value.Py;
import dev.jsalt.jinja.value.PyTuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Python's list and tuple methods. Jinja2's SandboxedEnvironment allows the mutating ones, as Salt relies on. */
public final class ListMethods {
    private ListMethods() {
    }

    static final Set<String> LIST = Set.of("append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove",
            "reverse", "sort");
    static final Set<String> TUPLE = Set.of("count", "index");

    static Object attr(Object self, String name) {
        boolean tuple = self instanceof PyTuple;
        if (!(tuple ? TUPLE : LIST).contains(name)) {
            return Missing.MISSING;
        }
        return new BoundMethod(self, name, (s, call) -> call(s, name, call));
    }

    private static PythonError readOnly() {
        return Py.typeError("this list comes from the host and is read-only");
    }

    @SuppressWarnings("unchecked")
    private static Object call(Object selfObj, String name, Invocation call) {
        List<Object> self = (List<Object>) selfObj;
        List<Object> args = call.args();
        Map<String, Object> kw = call.kwargs();
        String type = selfObj instanceof PyTuple ? "tuple" : "list";
        try {
            switch (name) {
                case "append" -> {
                    Args.noKwargs("list.append", kw);
                    Args.count("list.append", args, 1, 1);
                    call.callerContext().state().size.check(self.size() + 1L);
                    self.add(args.get(0));
                    return null;
                }
                case "clear" -> {
                    Args.count("list.clear", args, 0, 0);
                    self.clear();
                    return null;
                }
                case "copy" -> {
                    Args.count("list.copy", args, 0, 0);
                    return new ArrayList<>(self);
                }
                case "count" -> {
                    Args.noKwargs(type + ".count", kw);
                    Args.count(type + ".count", args, 1, 1);
                    long c = 0;
                    for (int i = 0; i < self.size(); i++) {
                        if (Py.eqBool(self.get(i), args.get(0))) {
                            c++;
                        }
                    }
                    return c;
                }
                case "extend" -> {
                    Args.noKwargs("list.extend", kw);
                    Args.count("list.extend", args, 1, 1);
                    List<Object> items = Py.toList(args.get(0));
                    call.callerContext().state().size.check(self.size() + (long) items.size());
                    self.addAll(items);
                    return null;
                }
                case "index" -> {
                    Args.noKwargs(type + ".index", kw);
                    Args.count("index", args, 1, 3);
                    long n = self.size();
                    long[] r = Conv.range(args.size() > 1 ? args.get(1) : null, args.size() > 2 ? args.get(2) : null, n);
                    for (long i = r[0]; i < r[1] && i < self.size(); i++) {
                        if (Py.eqBool(self.get((int) i), args.get(0))) {
                            return i;
                        }
                    }
                    throw Py.valueError(type.equals("tuple") ? "tuple.index(x): x not in tuple" : Py.repr(args.get(0)) + " is not in list");
                }
                case "insert" -> {
                    Args.noKwargs("list.insert", kw);
                    Args.count("insert", args, 2, 2);
                    long i = Conv.index(args.get(0));
                    long n = self.size();
                    if (i < 0) {
                        i = Math.max(0, i + n);
                    } else if (i > n) {
                        i = n;
                    }
                    self.add((int) i, args.get(1));
                    return null;
                }
                case "pop" -> {
                    Args.noKwargs("list.pop", kw);
                    Args.count("pop", args, 0, 1);
                    if (self.isEmpty()) {
                        throw Py.error(PythonError.Kind.IndexError, "pop from empty list");
                    }
                    long i = args.isEmpty() ? -1 : Conv.index(args.get(0));
                    long n = self.size();
                    if (i < 0) {
                        i += n;
                    }
                    if (i < 0 || i >= n) {
                        throw Py.error(PythonError.Kind.IndexError, "pop index out of range");
                    }
                    return self.remove((int) i);
                }
                case "remove" -> {
                    Args.noKwargs("list.remove", kw);
                    Args.count("list.remove", args, 1, 1);
                    for (int i = 0; i < self.size(); i++) {
                        if (Py.eqBool(self.get(i), args.get(0))) {
                            self.remove(i);
                            return null;
                        }
                    }
                    throw Py.valueError("list.remove(x): x not in list");
                }
                case "reverse" -> {
                    Args.count("list.reverse", args, 0, 0);
                    java.util.Collections.reverse(self);
                    return null;
                }
                case "sort" -> {
                    if (!args.isEmpty()) {
                        throw Py.typeError("sort() takes no positional arguments");
                    }
                    Object[] a = Args.bind("sort", args, kw, new String[] {"key", "reverse"}, new Object[] {null, false});
                    Object key = a[0];
                    List<Object> sorted = PySort.sorted(self, key == null ? null : item -> Sandbox.call(key, call.callerContext(),
                            List.of(item), Map.of()), Py.truthy(a[1]));
                    for (int i = 0; i < sorted.size(); i++) {
                        self.set(i, sorted.get(i));
                    }
                    return null;
                }
                default -> throw Py.unsupported(type + "." + name);
            }
        } catch (UnsupportedOperationException e) {
            throw readOnly();
        }
    }
}
