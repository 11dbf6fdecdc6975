package dev.jsalt.master.compile;

/**
 * A state tree that cannot be compiled. The message is one line in the form {@code file:line:col: problem} (or
 * {@code file:line: problem} when the column is unknown), e.g.
 * {@code firewall/init.sls:12:5: unknown state function 'ufw.rulez' (known: ufw.enabled, ufw.rule)}.
 * Lines and columns are 1-based; 0 means unknown.
 */
public class CompileException extends RuntimeException {
    private final String file;
    private final int line;
    private final int column;
    private final String problem;

    public CompileException(String file, int line, int column, String problem) {
        this(file, line, column, problem, null);
    }

    public CompileException(String file, int line, int column, String problem, Throwable cause) {
        super(format(file, line, column, problem), cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    public CompileException(SourcePos pos, String problem) {
        this(pos.file(), pos.line(), pos.column(), problem);
    }

    /** The state-tree file the problem is in ({@code top.sls}, {@code firewall/init.sls}, ...). */
    public String file() { return file; }

    public int line() { return line; }

    public int column() { return column; }

    /** The message without the location. */
    public String problem() { return problem; }

    static String format(String file, int line, int column, String problem) {
        StringBuilder sb = new StringBuilder(file == null ? "<unknown>" : file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) sb.append(':').append(column);
        }
        return sb.append(": ").append(problem).toString();
    }
}
