package dev.jsalt.master.inventory;

import dev.jsalt.master.cli.CliExtension;

/** Adds {@code jsalt inventory}. */
public final class InventoryCli implements CliExtension {
    @Override
    public Object command() { return new InventoryCommand(); }
}
