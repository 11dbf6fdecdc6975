package dev.jsalt.master.compile;

/** A place in a state-tree file; line and column are 1-based, 0 when unknown. */
public record SourcePos(String file, int line, int column) {

    public static SourcePos of(String file, org.yaml.snakeyaml.error.Mark mark) {
        return mark == null ? new SourcePos(file, 0, 0) : new SourcePos(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    public CompileException error(String problem) {
        return new CompileException(this, problem);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
