package dev.jsalt.common.target;

/** A target expression that cannot be parsed; the message points at the bad token. */
public class TargetSyntaxException extends IllegalArgumentException {
    private final int column;

    public TargetSyntaxException(String expression, int column, String problem) {
        super("bad target '" + expression + "': " + problem + " at column " + column);
        this.column = column;
    }

    /** 1-based column of the offending token. */
    public int column() { return column; }
}
