package dev.jsalt.master.compile.salt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The answers of one minion to the calls its templates make, for one compile. A call not answered yet is recorded
 * and gets the placeholder, so a discovery render goes on and records every call it reaches; the compile then asks
 * the minion for all of them at once ({@link Asker}) and renders again. A call the minion refused fails the render
 * with the minion's message, as it fails in Salt.
 */
public final class MinionAnswers implements MinionCalls {

    /** Asks the minion; returns one reply per call, in order: {@code {"ok": value}} or {@code {"error": message}}. */
    @FunctionalInterface
    public interface Asker {
        List<?> ask(List<Call> calls);
    }

    private record Refusal(String message) {
    }

    private final Map<Call, Object> answers = new HashMap<>();
    private final Set<Call> pending = new LinkedHashSet<>();

    @Override
    public synchronized Object answer(Call call, Object placeholder) {
        if (answers.containsKey(call)) {
            Object a = answers.get(call);
            if (a instanceof Refusal r) throw new IllegalStateException("salt['" + call.function() + "'] failed on the minion: " + r.message());
            return a;
        }
        pending.add(call);
        return placeholder;
    }

    /** Whether the last render met calls that have no answer yet. */
    public synchronized boolean hasPending() {
        return !pending.isEmpty();
    }

    /** The calls without an answer, in the order the render met them; forgets them. */
    public synchronized List<Call> takePending() {
        List<Call> out = new ArrayList<>(pending);
        pending.clear();
        return out;
    }

    /** Every call answered so far, in no particular order (for {@code jsalt show}). */
    public synchronized int answered() {
        return answers.size();
    }

    /** Takes the minion's replies to {@code asked}; a reply of any other shape is an error naming the call. */
    public synchronized void accept(List<Call> asked, List<?> replies) {
        if (replies == null || replies.size() != asked.size()) {
            throw new IllegalStateException("the minion answered " + (replies == null ? "nothing" : replies.size() + " replies")
                    + " to " + asked.size() + " calls");
        }
        for (int i = 0; i < asked.size(); i++) {
            Object reply = replies.get(i);
            if (reply instanceof Map<?, ?> m && m.containsKey("ok")) {
                answers.put(asked.get(i), m.get("ok"));
            } else if (reply instanceof Map<?, ?> m && m.get("error") != null) {
                answers.put(asked.get(i), new Refusal(String.valueOf(m.get("error"))));
            } else {
                throw new IllegalStateException("the minion's reply to " + asked.get(i).describe() + " is neither {\"ok\": ...} nor {\"error\": ...}");
            }
        }
    }
}
