package dev.jsalt.master.orchestrate;

import dev.jsalt.master.cli.CliExtension;

/** Adds {@code jsalt orchestrate}. */
public final class OrchestrateCli implements CliExtension {
    @Override
    public Object command() { return new OrchestrateCommand(); }
}
