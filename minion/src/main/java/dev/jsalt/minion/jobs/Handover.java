package dev.jsalt.minion.jobs;

import dev.jsalt.common.state.StateResult;
import dev.jsalt.common.wire.JobRequest;
import dev.jsalt.minion.exec.ScopedCommands;

import java.nio.file.Path;
import java.util.List;

/**
 * A job a stopping minion handed to the next minion process: the request (already checked by its JobGuard), the
 * results of the resources it finished, and the scoped command it was waiting for, if any. Written to
 * {@code root_dir/jobs/handover/JID.json} (0600 in the minion's 0700 root_dir: a state document may hold sealed
 * secrets, as the job did on the wire).
 */
public record Handover(JobRequest job, List<StateResult> results, Command inFlight, long handedOverAt) {

    /** {@link ScopedCommands.InFlight} with plain strings, for JSON. */
    public record Command(String unit, List<String> argv, String rcFile, String outFile, String errFile, String inFile, long started) {
        static Command of(ScopedCommands.InFlight f) {
            return f == null ? null : new Command(f.unit(), f.argv(), f.rcFile().toString(), f.outFile().toString(),
                    f.errFile().toString(), f.inFile().toString(), f.started());
        }

        public ScopedCommands.InFlight inFlight() {
            return new ScopedCommands.InFlight(unit, argv, Path.of(rcFile), Path.of(outFile), Path.of(errFile), Path.of(inFile), started);
        }
    }

    public Handover {
        results = results == null ? List.of() : List.copyOf(results);
    }

    static Handover of(JobRequest job, List<StateResult> results, ScopedCommands.InFlight inFlight) {
        return new Handover(job, results, Command.of(inFlight), System.currentTimeMillis());
    }
}
