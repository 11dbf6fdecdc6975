package dev.jsalt.minion.states.mysql;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One result set as the client printed it in batch mode. SQL NULL is a Java null.
 *
 * @param columns column names in order (empty when the statement returned no rows: batch mode prints nothing then)
 * @param rows    each row by column name, in column order
 */
public record Rows(List<String> columns, List<Map<String, String>> rows) {
    public static final Rows EMPTY = new Rows(List.of(), List.of());

    public Rows {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public boolean isEmpty() { return rows.isEmpty(); }

    public Optional<Map<String, String>> first() { return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0)); }

    /** The first column of the first row, for {@code SELECT @@x}; null when there is no row. */
    public String scalar() {
        if (rows.isEmpty()) return null;
        return rows.get(0).get(columns.get(0));
    }
}
