package dev.jsalt.master.orchestrate;

import dev.jsalt.master.jobs.MinionResult;
import dev.jsalt.master.jobs.MinionStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Whether one minion's return lets a step pass, and one line saying what it did. */
record MinionVerdict(boolean ok, String summary) {

    /** A state run: passes when it returned and no state failed; the summary counts outcomes or names the failure. */
    static MinionVerdict ofStateRun(MinionResult r) {
        if (r.status() != MinionStatus.RETURNED && r.status() != MinionStatus.FAILED) return missing(r);
        if (!(r.result() instanceof List<?> results)) {
            // refused before running (busy, bad document): the minion's message
            return new MinionVerdict(false, oneLine(r.result()));
        }
        Map<String, Integer> counts = new TreeMap<>();
        String firstFailure = null;
        for (Object o : results) {
            if (!(o instanceof Map<?, ?> m)) continue;
            String outcome = String.valueOf(m.get("outcome")).toLowerCase();
            counts.merge(outcome, 1, Integer::sum);
            if (firstFailure == null && outcome.equals("failed")) {
                firstFailure = m.get("id") + " (" + m.get("function") + "): " + oneLine(m.get("comment"));
            }
        }
        boolean ok = r.status() == MinionStatus.RETURNED && firstFailure == null;
        String tally = counts.isEmpty() ? "no states" : counts.toString().replaceAll("[{}]", "").replace("=", " ");
        return new MinionVerdict(ok, firstFailure == null ? tally : "failed " + firstFailure + " [" + tally + "]");
    }

    /** A function: passes when it returned successfully. */
    static MinionVerdict ofFunction(MinionResult r) {
        if (r.status() == MinionStatus.RETURNED) return new MinionVerdict(true, oneLine(r.result()));
        if (r.status() == MinionStatus.FAILED) {
            return new MinionVerdict(false, "failed (retcode " + r.retcode() + "): " + oneLine(r.result()));
        }
        return missing(r);
    }

    static MinionVerdict missing(MinionResult r) {
        return new MinionVerdict(false, "did not return (" + r.status().label() + ")");
    }

    /** At most 160 characters of a value on one line; a cmd.run map shows its retcode and output. */
    static String oneLine(Object v) {
        if (v instanceof Map<?, ?> m && m.containsKey("retcode") && m.containsKey("stdout")) {
            Map<String, Object> short_ = new LinkedHashMap<>();
            short_.put("retcode", m.get("retcode"));
            String err = String.valueOf(m.get("stderr")).strip();
            String out = String.valueOf(m.get("stdout")).strip();
            short_.put(err.isEmpty() ? "stdout" : "stderr", err.isEmpty() ? out : err);
            v = short_;
        }
        String s = String.valueOf(v).strip().replaceAll("\\s+", " ");
        return s.length() > 160 ? s.substring(0, 157) + "..." : s;
    }
}
