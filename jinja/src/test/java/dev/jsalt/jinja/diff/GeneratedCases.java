package dev.jsalt.jinja.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Cases generated systematically: every pair of binary operators, and unary operators and filters with each. */
final class GeneratedCases {
    private GeneratedCases() {
    }

    static final List<String> BINARY = List.of("+", "-", "*", "/", "//", "%", "**", "~", "==", "!=", "<", "<=", ">", ">=", "in",
            "not in", "and", "or");

    private static Case simple(String name, String template, Map<String, Object> context) {
        return new Case(name, "generated", template, null, context, Map.of(), Map.of(), Map.of(), false, null, null, null, false, false);
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
