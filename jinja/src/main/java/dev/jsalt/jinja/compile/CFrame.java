package dev.jsalt.jinja.compile;

/** Jinja2's compile-time Frame: the symbols of a scope and how code in it behaves. */
final class CFrame {
    Symbols symbols;
    final CFrame parent;
    boolean requireOutputCheck;
    String block;
    boolean toplevel;
    boolean rootlevel;
    boolean loopFrame;
    boolean blockFrame;
    boolean softFrame;
    /** The compiled function this frame's code runs in. */
    FnScope fn;
    /** Inside a for loop's body within the same compiled function (where Python allows break/continue). */
    boolean inLoop;

    CFrame(CFrame parent, Integer level, FnScope fn) {
        this.parent = parent;
        this.fn = fn;
        if (parent == null) {
            symbols = new Symbols(null, level);
        } else {
            symbols = new Symbols(parent.symbols, level);
            requireOutputCheck = parent.requireOutputCheck;
            block = parent.block;
            inLoop = parent.inLoop;
        }
    }

    private CFrame(CFrame other) {
        this.parent = other.parent;
        this.symbols = other.symbols.copy();
        this.requireOutputCheck = other.requireOutputCheck;
        this.block = other.block;
        this.toplevel = other.toplevel;
        this.rootlevel = other.rootlevel;
        this.loopFrame = other.loopFrame;
        this.blockFrame = other.blockFrame;
        this.softFrame = other.softFrame;
        this.fn = other.fn;
        this.inLoop = other.inLoop;
    }

    CFrame inner() {
        return new CFrame(this, null, fn);
    }

    CFrame soft() {
        CFrame rv = new CFrame(this);
        rv.rootlevel = false;
        rv.softFrame = true;
        return rv;
    }
}
