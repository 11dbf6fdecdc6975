package dev.jsalt.common.catalog;

/** The shape an argument's value must have once the SLS is rendered (checked by the compiler). */
public enum ArgType {
    /** A scalar: string, number or boolean, used as text. */
    STRING,
    /** true/false (also yes/no, on/off, 1/0). */
    BOOL,
    /** A whole number (or a string of digits). */
    INT,
    /** A number. */
    NUMBER,
    /** A list; a single scalar is taken as a one-element list. */
    LIST,
    /** A mapping. */
    MAP,
    /** Anything (the function checks it). */
    ANY;

    /** Whether a rendered YAML value fits; null (YAML's {@code ~}) always fits: it means "not given". */
    public boolean accepts(Object v) {
        if (v == null) return true;
        return switch (this) {
            case STRING -> !(v instanceof java.util.Map) && !(v instanceof java.util.List);
            case BOOL -> v instanceof Boolean || (v instanceof String s && truth(s) != null)
                    || (v instanceof Number n && (n.longValue() == 0 || n.longValue() == 1));
            case INT -> v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger
                    || (v instanceof String s && s.strip().matches("-?\\d+"));
            case NUMBER -> v instanceof Number || (v instanceof String s && s.strip().matches("-?\\d+(\\.\\d+)?"));
            case LIST -> !(v instanceof java.util.Map);
            case MAP -> v instanceof java.util.Map || v instanceof java.util.List;
            case ANY -> true;
        };
    }

    /** How the type reads in docs and errors. */
    public String word() {
        return switch (this) {
            case STRING -> "string";
            case BOOL -> "bool";
            case INT -> "int";
            case NUMBER -> "number";
            case LIST -> "list";
            case MAP -> "map";
            case ANY -> "any";
        };
    }

    static Boolean truth(String s) {
        return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> null;
        };
    }
}
