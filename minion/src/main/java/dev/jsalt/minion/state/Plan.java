package dev.jsalt.minion.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a state function found when it looked at the machine: nothing to do, the differences with the action that
 * fixes each, or a failure. A state function only observes and returns a plan; the {@link StateEngine} applies the
 * plan's actions, unless the run is a test run, in which case it reports the plan and runs none of them. So a test
 * run cannot change anything by construction, and {@code --test} shows exactly the plan a real run executes.
 *
 * <ul>
 *   <li>{@link InSync}: the machine already matches (reported {@code UNCHANGED}).</li>
 *   <li>{@link Changes}: one or more {@link Change}s, each with the {@code changes} entries it contributes and the
 *       {@link Action} that makes it so. A test run reports them as {@code WOULD_CHANGE} with {@link Changes#comment};
 *       a real run runs the actions in order and stops at the first that fails.</li>
 *   <li>{@link Failed}: looking showed the state cannot be applied (a missing file to edit, a bad argument found on
 *       the machine).</li>
 *   <li>{@link Prepare}: a step that must run before looking makes sense (e.g. {@code apt-get update} for
 *       {@code refresh: true}). A real run runs it, then observes again with {@link Prepare#then}; a test run skips it
 *       and observes at once. It is not counted as a change.</li>
 * </ul>
 */
public sealed interface Plan permits Plan.InSync, Plan.Changes, Plan.Failed, Plan.Prepare {

    /** The machine already matches. */
    record InSync(String comment) implements Plan {
    }

    /**
     * Differences and their fixes.
     *
     * @param changes     in the order their actions must run
     * @param comment     what a test run reports ("File /x would be updated"); null joins the changes' descriptions
     * @param assumptions preconditions that do not hold now but that an earlier state of the same run may establish
     *                    (a user to be created, a package to be installed). A test run assumes them and reports the
     *                    plan; a real run fails with the first one, without running any action: by then every earlier
     *                    state has run, so what is still missing will stay missing
     * @param promises    what this plan establishes, for later states of a test run to take into account
     *                    ({@link RunContext#pending(String)}); empty in the common case
     */
    record Changes(List<Change> changes, String comment, List<String> assumptions, List<Promise> promises)
            implements Plan {
        public Changes {
            if (changes == null || changes.isEmpty()) throw new IllegalArgumentException("a plan with changes needs at least one change");
            changes = List.copyOf(changes);
            assumptions = assumptions == null ? List.of() : List.copyOf(assumptions);
            promises = promises == null ? List.of() : List.copyOf(promises);
        }

        /** The {@code changes} entries of every change, merged in order. */
        public Map<String, Object> planned() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Change c : changes) m.putAll(c.changes());
            return m;
        }

        /** The test-run comment: {@link #comment} or the descriptions joined. */
        public String wouldComment() {
            if (comment != null) return comment;
            List<String> parts = new ArrayList<>();
            for (Change c : changes) if (c.description() != null && !c.description().isEmpty()) parts.add(c.description());
            return String.join("; ", parts);
        }

        /** This plan, assuming also {@code assumption} (see {@link #assumptions}). */
        public Changes assuming(String assumption) {
            if (assumption == null) return this;
            List<String> a = new ArrayList<>(assumptions);
            a.add(assumption);
            return new Changes(changes, comment, a, promises);
        }

        /** This plan, promising {@code value} under {@code kind} (see {@link RunContext#pending(String)}). */
        public Changes promising(String kind, Object value) {
            List<Promise> p = new ArrayList<>(promises);
            p.add(new Promise(kind, value));
            return new Changes(changes, comment, assumptions, p);
        }
    }

    /** The state cannot be applied; {@code changes} may say what was found. */
    record Failed(Map<String, Object> changes, String comment) implements Plan {
        public Failed {
            changes = changes == null ? Map.of() : changes;
        }
    }

    /** Run {@code action} (real runs only), then look with {@code then}. */
    record Prepare(String description, Action action, Observation then) implements Plan {
    }

    /**
     * One difference and its fix.
     *
     * @param description what would be done, for test runs ("would install nginx")
     * @param changes     what this change contributes to the result's {@code changes}
     * @param action      makes it so; its {@link Done} may report the changes actually made and a comment
     */
    record Change(String description, Map<String, Object> changes, Action action) {
        public Change {
            changes = changes == null ? Map.of() : changes;
            if (action == null) throw new IllegalArgumentException("a change needs an action");
        }
    }

    /** Something a plan establishes, kept for the rest of a test run (the machine was not changed). */
    record Promise(String kind, Object value) {
    }

    /** Changes the machine. Only the engine calls it, and only in a real run. */
    @FunctionalInterface
    interface Action {
        Done run() throws Exception;
    }

    /** Looks at the machine again (after a {@link Prepare} step). */
    @FunctionalInterface
    interface Observation {
        Plan observe() throws Exception;
    }

    /**
     * What an action did. {@code changes} null means "as planned"; {@code comment} null means the change's
     * description.
     */
    sealed interface Done permits Done.Ok, Done.Fail, Done.Same {
        Map<String, Object> changes();

        String comment();

        record Ok(Map<String, Object> changes, String comment) implements Done {
        }

        record Fail(Map<String, Object> changes, String comment) implements Done {
        }

        /**
         * The action found, while acting, that nothing needed changing after all (a {@code stateful} command that
         * reports no change). If every action of a plan says so, the resource is reported unchanged.
         */
        record Same(String comment) implements Done {
            public Map<String, Object> changes() { return Map.of(); }
        }

        static Done same(String comment) { return new Same(comment); }

        static Done ok(String comment) { return new Ok(null, comment); }

        static Done ok(Map<String, Object> changes, String comment) { return new Ok(changes, comment); }

        static Done failed(String comment) { return new Fail(Map.of(), comment); }

        static Done failed(Map<String, Object> changes, String comment) { return new Fail(changes, comment); }
    }

    // ---- factories

    static Plan inSync(String comment) { return new InSync(comment); }

    static Plan failed(String comment) { return new Failed(Map.of(), comment); }

    static Plan failed(Map<String, Object> changes, String comment) { return new Failed(changes, comment); }

    /** One change: {@code would} is the test-run comment; the action's {@link Done} gives the real one. */
    static Changes change(Map<String, Object> changes, String would, Action action) {
        return new Changes(List.of(new Change(would, changes, action)), would, List.of(), List.of());
    }

    /** Several changes; the test-run comment is their descriptions joined with "; ". */
    static Changes changes(List<Change> changes) {
        return new Changes(changes, null, List.of(), List.of());
    }

    static Plan prepare(String description, Action action, Observation then) {
        return new Prepare(description, action, then);
    }
}
