package dev.jsalt.minion.functions;

/** What an execution function returns to the master. */
public record FunctionResult(boolean success, int retcode, Object result) {
    public static FunctionResult ok(Object result) { return new FunctionResult(true, 0, result); }

    public static FunctionResult failed(int retcode, Object result) { return new FunctionResult(false, retcode == 0 ? 1 : retcode, result); }
}
