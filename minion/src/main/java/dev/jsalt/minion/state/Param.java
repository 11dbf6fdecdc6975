package dev.jsalt.minion.state;

/** A declared argument of a state function ({@link Params#arg}): the key a module reads it by. */
public record Param(String fun, String name) {
    @Override
    public String toString() { return name; }
}
