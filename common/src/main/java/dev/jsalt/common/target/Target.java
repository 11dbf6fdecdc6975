package dev.jsalt.common.target;

import java.util.Map;

/**
 * A parsed target expression. Forms: {@code role=app} (grain match, value may be a glob), {@code web*} (id glob),
 * {@code L@a,b,c} (list), {@code G@role:app} (Salt grain form), {@code E@regex} (id regex), combined with
 * {@code and}, {@code or}, {@code not} and parentheses.
 */
public sealed interface Target permits TargetExpr.And, TargetExpr.Or, TargetExpr.Not, TargetExpr.Glob,
        TargetExpr.ListOf, TargetExpr.Grain, TargetExpr.Regex {

    /** True when the minion with this id and these grains is selected. */
    boolean matches(String minionId, Map<String, Object> grains);

    /** Parses {@code expression}; throws {@link TargetSyntaxException} naming the bad token and its column. */
    static Target parse(String expression) {
        return new TargetParser(expression).parse();
    }
}
