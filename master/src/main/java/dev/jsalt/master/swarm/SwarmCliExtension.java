package dev.jsalt.master.swarm;

import dev.jsalt.master.cli.CliExtension;

/** Adds {@code jsalt swarm}. */
public final class SwarmCliExtension implements CliExtension {
    @Override
    public Object command() { return new SwarmCommand(); }
}
