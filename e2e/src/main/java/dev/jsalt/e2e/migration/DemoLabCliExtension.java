package dev.jsalt.e2e.migration;

import dev.jsalt.cli.CliExtension;

/** Adds {@code jsalt demo-lab}, which {@code jsalt demo --lab} delegates to (the lab lives here, not in master). */
public final class DemoLabCliExtension implements CliExtension {
    @Override
    public Object command() {
        return new DemoLabCommand();
    }
}
