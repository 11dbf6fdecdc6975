package dev.jsalt.minion.functions;

import dev.jsalt.common.wire.JobRequest;

/** One remote-execution function ({@code test.ping}, {@code cmd.run}, ...). */
@FunctionalInterface
public interface ExecFunction {
    FunctionResult call(JobRequest job, FunctionContext ctx) throws Exception;
}
