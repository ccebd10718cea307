package dev.kanal.inventory.serialized;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one import (one file or one request) did.
 *
 * @param imported    rows that created a serialized item
 * @param updated     rows that moved an existing item (warehouse, status or variation)
 * @param unchanged   rows that matched the item as stored
 * @param problems    rows not imported, by line
 * @param changedSkus SKUs whose units may have changed, sorted; one stock.changed message each
 *                    went out after the import committed
 */
public record ImportReport(int imported, int updated, int unchanged, List<RowProblem> problems,
                           Set<String> changedSkus) {

    public ImportReport {
        problems = List.copyOf(problems);
        changedSkus = Collections.unmodifiableSortedSet(new TreeSet<>(changedSkus));
    }

    /** Rows that were read and accepted, changed or not. */
    public int accepted() {
        return imported + updated + unchanged;
    }

    /** This report with problems found before the importer saw the rows (e.g. CSV records that could not be read), by line. */
    public ImportReport withProblems(List<RowProblem> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<RowProblem> all = new ArrayList<>(problems);
        all.addAll(more);
        all.sort(Comparator.comparingInt(RowProblem::line));
        return new ImportReport(imported, updated, unchanged, all, changedSkus);
    }
}
