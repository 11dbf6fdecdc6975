package dev.jsalt.master.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Result lines written to the job cache and forced to disk together (a group commit): one {@code fdatasync} per job
 * file for a whole batch of returns, instead of one per return. What must wait for the disk (telling the client,
 * acknowledging the return to its minion) is queued with {@link #then} and runs on {@link #close}, after the force,
 * in the order it was queued. A file whose force fails is cut back to its length before the batch, so it never keeps
 * a line that was not made durable; the actions queued for its lines learn that ({@code false}).
 * Not thread-safe: one thread writes a batch and closes it.
 */
public final class ResultWrites implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResultWrites.class);

    private record Action(Path file, Consumer<Boolean> action) {
    }

    /** Each file written in this batch, with its length before the batch's first line. */
    private final Map<Path, Long> lengthBefore = new LinkedHashMap<>();
    private final List<Action> actions = new ArrayList<>();
    private boolean closed;

    /** {@code file} is about to get a line; {@code length} is its length now. */
    void writing(Path file, long length) {
        check();
        lengthBefore.putIfAbsent(file, length);
    }

    /** Runs {@code action} once {@code file}'s lines of this batch are on disk (true) or were cut back (false). */
    void then(Path file, Consumer<Boolean> action) {
        check();
        actions.add(new Action(file, action));
    }

    /** Runs {@code action} after the batch's files are forced, whatever the outcome. */
    public void then(Runnable action) {
        check();
        actions.add(new Action(null, durable -> action.run()));
    }

    /** Forces every file written, then runs the queued actions in order. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Map<Path, Boolean> durable = new LinkedHashMap<>();
        lengthBefore.forEach((file, before) -> durable.put(file, force(file, before)));
        for (Action a : actions) {
            try {
                a.action().accept(a.file() == null || durable.getOrDefault(a.file(), true));
            } catch (RuntimeException e) {
                log.warn("an action after recording results failed", e);
            }
        }
    }

    private static boolean force(Path file, long before) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            try {
                ch.force(false);
                return true;
            } catch (IOException e) {
                try {
                    ch.truncate(before);
                } catch (IOException ignored) {
                    // the reader skips a torn last line anyway
                }
                log.error("cannot force results to {}: {}; this batch's lines there were cut back", file, e.getMessage());
                return false;
            }
        } catch (IOException e) {
            log.error("cannot force results to {}: {}", file, e.getMessage());
            return false;
        }
    }

    private void check() {
        if (closed) throw new IllegalStateException("this batch of result writes is closed");
    }
}
