package dev.jsalt.master.corpus;

import dev.jsalt.common.wire.JobRequest;
import dev.jsalt.master.compile.salt.MinionAnswers;
import dev.jsalt.master.compile.salt.MinionCalls;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.functions.FunctionContext;
import dev.jsalt.minion.functions.FunctionResult;
import dev.jsalt.minion.functions.RenderCalls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * This machine as the minion being compiled: the calls a template makes on the minion are answered by the minion's
 * own {@code jsalt.render_calls}, as the master's job to a real minion would be — only without the wire. One thing is
 * answered as the machine that made the corpus's expected output answered it, whatever this one has: that machine had
 * no {@code dig} (Salt did not load its dig module: openssh's {@code expected/salt-error.txt}), so {@code dig.*} calls
 * are "not available" here too, as jsalt's minion answers them on such a machine.
 */
final class LocalMinion {
    private static final FunctionContext CONTEXT = new FunctionContext("corpus", new CommandRunner(), Map::of, Path.of("/tmp"), null);

    static final MinionAnswers.Asker ASKER = LocalMinion::ask;

    private LocalMinion() {
    }

    private static List<?> ask(List<MinionCalls.Call> calls) {
        List<Object> wire = new ArrayList<>();
        for (MinionCalls.Call c : calls) if (!c.function().startsWith("dig.")) wire.add(c.toWire());
        JobRequest job = new JobRequest("corpus", "corpus", RenderCalls.FUNCTION, List.of(wire), Map.of(), 0, Long.MAX_VALUE, "n");
        FunctionResult r = new RenderCalls().call(job, CONTEXT);
        if (!r.success()) throw new IllegalStateException(String.valueOf(r.result()));
        java.util.Iterator<?> answers = ((List<?>) r.result()).iterator();
        List<Object> out = new ArrayList<>();
        for (MinionCalls.Call c : calls) {
            out.add(c.function().startsWith("dig.") ? Map.of("error", "'" + c.function() + "' is not available.") : answers.next());
        }
        return out;
    }
}
