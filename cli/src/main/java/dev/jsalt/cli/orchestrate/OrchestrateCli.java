package dev.jsalt.cli.orchestrate;

import dev.jsalt.cli.CliExtension;

/** Adds {@code jsalt orchestrate}. */
public final class OrchestrateCli implements CliExtension {
    @Override
    public Object command() { return new OrchestrateCommand(); }
}
