package dev.jsalt.master.compile;

import java.util.Map;

/**
 * Read access to the master's mine: what minions published under a key. Templates reach it as
 * {@code mine('role=vpn', 'tinc_pubkey')} or Salt's {@code salt['mine.get']('G@role:vpn', 'tinc_pubkey', tgt_type='compound')}.
 */
public interface MineView {

    /** No mine data (tests, or a master without a mine). */
    MineView EMPTY = (target, key) -> Map.of();

    /**
     * @param target a jsalt target expression ({@code role=vpn}, {@code web*}, {@code L@a,b}, {@code G@role:db and not db1})
     * @param key    the mine key (Salt: the mine function alias)
     * @return minion id → published value, for every minion the target selects that has data under {@code key}
     */
    Map<String, Object> get(String target, String key);
}
