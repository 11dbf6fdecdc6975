package dev.jsalt.cli.inventory;

import dev.jsalt.cli.CliExtension;

/** Adds {@code jsalt inventory}. */
public final class InventoryCli implements CliExtension {
    @Override
    public Object command() { return new InventoryCommand(); }
}
