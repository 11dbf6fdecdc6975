package dev.jsalt.jinja.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Cases generated systematically (every pair of binary operators, unary operators and filters with each) and at
 * random from a fixed seed (expression trees mixing operators, filters, tests and methods over values of every
 * type, and statement trees mixing loops, conditions, macros, assignments and filter blocks). The expected
 * results come from Jinja2 like every other case.
 */
final class GeneratedCases {
    private GeneratedCases() {
    }

    static final List<String> BINARY = List.of("+", "-", "*", "/", "//", "%", "**", "~", "==", "!=", "<", "<=", ">", ">=", "in",
            "not in", "and", "or");

    private static Case simple(String name, String template, Map<String, Object> context) {
        return new Case(name, "generated", template, null, context, Map.of(), Map.of(), Map.of(), false, null, null, null, false, false);
    }

    private static final List<String> ATOMS = List.of("1", "0", "-3", "2.5", "0.1", "'ab'", "''", "'A b'", "none", "true", "false",
            "[1, 2]", "[]", "(1,)", "()", "{'a': 1}", "{}", "x", "y", "s", "l", "d", "n", "f", "u", "'%s'", "'{}'", "'a,b'", "range(3)",
            "'é'");
    // no ** here: a negative number to a fractional power is complex in Python, which jsalt refuses
    private static final List<String> OPS = List.of("+", "-", "*", "/", "//", "%", "~", "==", "!=", "<", ">=", "in", "not in", "and", "or");
    private static final List<String> FILTERS = List.of("abs", "capitalize", "center(5)", "count", "default('d')", "first", "last",
            "float", "int", "join(',')", "length", "list", "lower", "upper", "reverse|list", "round", "sort", "string", "sum", "title",
            "trim", "unique|list", "tojson", "pprint", "dictsort", "batch(2)|list", "slice(2)|list", "select|list", "reject|list",
            "map('string')|list", "min", "max", "replace('a', 'b')", "truncate(3)", "wordcount", "indent", "e", "safe", "items|list",
            "format(1)", "urlencode", "striptags", "wordwrap(3)", "xmlattr", "filesizeformat", "d(1, true)", "groupby(0)|list");
    private static final List<String> TESTS = List.of("defined", "undefined", "none", "number", "string", "sequence", "mapping",
            "iterable", "odd", "even", "divisibleby 2", "lower", "upper", "true", "false", "integer", "float", "in [1, 'ab']",
            "sameas 1", "callable", "escaped", "eq 1", "gt 0");
    private static final List<String> METHODS = List.of("upper()", "split()", "split(',')", "strip()", "startswith('a')", "find('b')",
            "count('a')", "replace('a', 'x')", "title()", "capitalize()", "isdigit()", "zfill(4)", "center(6, '*')", "format(1, 2)",
            "partition('b')", "splitlines()", "items()", "keys()", "values()", "get('a')", "get('z', 0)", "copy()", "index(1)",
            "count(1)", "pop()", "append(1)", "real", "imag", "bit_length()", "is_integer()", "join('x')", "lower()", "rsplit(',', 1)",
            "ljust(4)");

    private static String pick(Random r, List<String> l) {
        return l.get(r.nextInt(l.size()));
    }

    private static String expr(Random r, int depth) {
        double p = r.nextDouble();
        if (depth <= 0 || p < 0.3) {
            return pick(r, ATOMS);
        }
        if (p < 0.55) {
            return "(" + expr(r, depth - 1) + " " + pick(r, OPS) + " " + expr(r, depth - 1) + ")";
        }
        if (p < 0.7) {
            return expr(r, depth - 1) + "|" + pick(r, FILTERS);
        }
        if (p < 0.8) {
            return "(" + expr(r, depth - 1) + " is " + pick(r, TESTS) + ")";
        }
        if (p < 0.9) {
            return "(" + expr(r, depth - 1) + ")." + pick(r, METHODS);
        }
        if (p < 0.95) {
            return "(" + expr(r, depth - 1) + " if " + expr(r, depth - 1) + " else " + expr(r, depth - 1) + ")";
        }
        return "(not " + expr(r, depth - 1) + ")";
    }

    private static String stmt(Random r, int depth) {
        double p = r.nextDouble();
        String ws = r.nextBoolean() ? "" : "-";
        String ws2 = r.nextBoolean() ? "" : "-";
        if (depth <= 0 || p < 0.25) {
            return switch (r.nextInt(4)) {
                case 0 -> "{{ " + expr(r, 1) + " }}";
                case 1 -> "txt ";
                case 2 -> "\n";
                default -> "{{" + ws + " " + expr(r, 1) + " " + ws2 + "}}";
            };
        }
        if (p < 0.4) {
            return "{%" + ws + " set " + pick(r, List.of("a", "b", "x")) + " = " + expr(r, 1) + " %}";
        }
        if (p < 0.5) {
            return "{% set ns.v = " + expr(r, 1) + " %}";
        }
        if (p < 0.65) {
            return "{% for " + pick(r, List.of("i", "a", "k, v")) + " in " + pick(r, List.of("l", "s", "d", "range(3)", "d.items()",
                    "[[1,2],[3,4]]", "x")) + " %}" + body(r, depth - 1) + "{% else %}E{% endfor %}";
        }
        if (p < 0.78) {
            return "{%" + ws + " if " + expr(r, 1) + " %}" + body(r, depth - 1) + "{% elif " + expr(r, 1) + " %}" + body(r, depth - 1)
                    + "{% else %}" + body(r, depth - 1) + "{% endif " + ws2 + "%}";
        }
        if (p < 0.88) {
            return "{% macro m" + depth + "(p, q=" + expr(r, 0) + ") %}" + body(r, depth - 1) + "{% endmacro %}{{ m" + depth + "("
                    + pick(r, List.of("1", "x", "p=2", "1, 2", "*l", "q=3, p=4")) + ") }}";
        }
        if (p < 0.94) {
            return "{% with a = " + expr(r, 1) + " %}" + body(r, depth - 1) + "{% endwith %}";
        }
        return "{% filter " + pick(r, List.of("upper", "trim", "title", "length|string", "e")) + " %}" + body(r, depth - 1) + "{% endfilter %}";
    }

    private static String body(Random r, int depth) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            b.append(stmt(r, depth));
        }
        return b.toString();
    }

    private static Map<String, Object> randomContext() {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("x", 5);
        ctx.put("y", "yy");
        ctx.put("s", "a,b c");
        ctx.put("l", List.of(3, 1, 2));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("b", 2);
        d.put("a", 1);
        ctx.put("d", d);
        ctx.put("n", null);
        ctx.put("f", 1.5);
        return ctx;
    }

    /** Random expression and statement trees from a fixed seed (so a failure reproduces). */
    static List<Case> random() {
        List<Case> out = new ArrayList<>();
        Random r = new Random(20240601L);
        for (int i = 0; i < 400; i++) {
            Case c = simple("random expression " + i, "{{ " + expr(r, 3) + " }}", randomContext());
            out.add(withNormalize(c));
        }
        for (int i = 0; i < 200; i++) {
            Case c = simple("random statements " + i, "{% set ns = namespace(v=0) %}" + body(r, 3) + "{{ ns.v }}", randomContext());
            out.add(withNormalize(c));
        }
        return out;
    }

    private static Case withNormalize(Case c) {
        return new Case(c.name(), c.source(), c.template(), c.entry(), c.context(), c.templates(), c.env(), c.globals(), c.saltGlobals(),
                null, null, "addresses", c.ignoreLine(), false);
    }

    static List<Case> precedence() {
        List<Case> out = new ArrayList<>();
        Map<String, Object> ctx = Map.of("l", List.of(1, 2, 3), "s", "ab");
        for (String a : BINARY) {
            for (String b : BINARY) {
                out.add(simple("prec " + a + " " + b, "{{ 7 " + a + " 3 " + b + " 2 }}", Map.of()));
            }
        }
        for (String op : BINARY) {
            out.add(simple("neg-left " + op, "{{ -7 " + op + " 3 }}", Map.of()));
            out.add(simple("neg-right " + op, "{{ 7 " + op + " -3 }}", Map.of()));
            out.add(simple("not-left " + op, "{{ not 7 " + op + " 3 }}", Map.of()));
            out.add(simple("filter-right " + op, "{{ 7 " + op + " -3|abs }}", Map.of()));
            out.add(simple("filter-left " + op, "{{ -7|abs " + op + " 3 }}", Map.of()));
            out.add(simple("test-right " + op, "{{ 7 " + op + " 3 is odd }}", Map.of()));
            out.add(simple("condexpr " + op, "{{ 7 " + op + " 3 if 2 else 1 }}", Map.of()));
            out.add(simple("in-list " + op, "{{ 2 " + op + " 1 in l }}", ctx));
        }
        return out;
    }
}
