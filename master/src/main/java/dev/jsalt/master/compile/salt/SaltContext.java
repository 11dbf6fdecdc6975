package dev.jsalt.master.compile.salt;

import dev.jsalt.master.compile.MineView;
import dev.jsalt.master.statetree.StateTree;

import java.util.Map;

/**
 * What Salt's template functions and filters may read while one file of one minion's compile is rendered.
 *
 * @param minionId the minion being compiled for
 * @param grains   its grains (with {@code id})
 * @param pillar   its pillar (while the pillar itself is compiled: the pillar merged so far)
 * @param opts     the minion options Salt exposes as {@code opts} ({@code id}, ...)
 * @param mine     the mine
 * @param tree     the state tree this compile reads (for {@code cp.list_master}, {@code slsutil.renderer}); null
 *                 where templates have no tree (a runbook)
 * @param minion   the minion's answers to the functions Salt runs on the minion
 */
public record SaltContext(String minionId, Map<String, Object> grains, Map<String, Object> pillar, Map<String, Object> opts,
                          MineView mine, StateTree tree, MinionCalls minion) {
}
