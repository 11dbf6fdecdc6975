package dev.jsalt.master.bench;

import dev.jsalt.master.cli.CliExtension;

/** Adds {@code jsalt bench}. */
public final class BenchCliExtension implements CliExtension {
    @Override
    public Object command() { return new BenchCommand(); }
}
