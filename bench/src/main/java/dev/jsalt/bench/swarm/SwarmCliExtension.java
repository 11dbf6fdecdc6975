package dev.jsalt.bench.swarm;

import dev.jsalt.cli.CliExtension;

/** Adds {@code jsalt swarm}. */
public final class SwarmCliExtension implements CliExtension {
    @Override
    public Object command() { return new SwarmCommand(); }
}
