package dev.jsalt.common.wire;

import dev.jsalt.common.crypto.Fingerprint;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether keys a master announces may replace the keys a minion trusts: only through a chain of rotations,
 * each signed by the keys before it, starting at the trusted fingerprint and ending at the announced keys.
 */
public final class RotationChain {
    private RotationChain() {
    }

    /** The announced keys (checked) when such a chain exists in {@code rotations}, else empty. */
    public static Optional<MasterKeys> follow(String trustedFingerprint, MasterKeys announced, List<KeyRotation> rotations) {
        MasterKeys goal = announced.checked();
        // A search, not a walk: an interrupted rotation can leave a dead-end statement beside the one that was used.
        Deque<String> todo = new ArrayDeque<>(List.of(trustedFingerprint));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String at = todo.pop();
            if (Fingerprint.same(at, goal.fingerprint())) return Optional.of(goal);
            if (!seen.add(at.replace(":", "").toLowerCase(Locale.ROOT))) continue;
            for (KeyRotation r : rotations) {
                try {
                    if (Fingerprint.same(r.from().fingerprint(), at) && r.verified()) todo.push(r.to().fingerprint());
                } catch (IllegalArgumentException e) {
                    // a statement naming malformed keys leads nowhere
                }
            }
        }
        return Optional.empty();
    }
}
