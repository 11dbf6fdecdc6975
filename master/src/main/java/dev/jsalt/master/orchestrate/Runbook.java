package dev.jsalt.master.orchestrate;

import java.util.List;

/**
 * A parsed runbook: its file name (for messages and the job record) and its steps in run order (file order, moved
 * only as far as requisites demand).
 */
record Runbook(String file, List<Step> steps) {
    Runbook {
        steps = List.copyOf(steps);
    }

    /** Longest a run can take if every step uses its full timeout: the job record's own timeout. */
    int worstCaseSeconds() {
        long sum = 60;
        for (Step s : steps) sum += s.timeoutSeconds() + 30L;
        return (int) Math.min(86_400, sum);
    }
}
