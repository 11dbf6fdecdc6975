package dev.jsalt.e2e.cli;

import dev.jsalt.cli.CliExtension;

/** Adds {@code jsalt lab} to the CLI (found through META-INF/services, so master does not depend on the lab). */
public final class LabCliExtension implements CliExtension {
    @Override
    public Object command() {
        return new LabCommand();
    }
}
