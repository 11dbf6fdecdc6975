package dev.jsalt.bench;

import dev.jsalt.cli.CliExtension;

/** Adds {@code jsalt bench}. */
public final class BenchCliExtension implements CliExtension {
    @Override
    public Object command() { return new BenchCommand(); }
}
