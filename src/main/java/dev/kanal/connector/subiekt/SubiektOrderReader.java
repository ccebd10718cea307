package dev.kanal.connector.subiekt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which customer orders (ZK, {@code dok_Typ} 16) a Subiekt-GT-style database still holds, read
 * straight from {@code dok__Dokument} as the stock and shipment readers do: an ERP operator may
 * delete a ZK Kanal wrote, and the ERP has no other way to tell.
 */
public class SubiektOrderReader {

    static final int ZK = 16;
    private static final int CHUNK = 500;

    /**
     * Of these ZK numbers, the ones the ERP has now, each with its original number (the channel
     * reference). The ERP may give a deleted ZK's number to the next ZK it makes, so a number found
     * is the same order's only when the reference matches.
     */
    public Map<String, String> existing(DataSource erp, Collection<String> orderRefs) {
        JdbcTemplate jdbc = new JdbcTemplate(erp);
        Map<String, String> found = new HashMap<>();
        List<String> refs = new ArrayList<>(orderRefs);
        for (int from = 0; from < refs.size(); from += CHUNK) {
            List<String> chunk = refs.subList(from, Math.min(refs.size(), from + CHUNK));
            String marks = String.join(", ", chunk.stream().map(r -> "?").toList());
            List<Object> args = new ArrayList<>();
            args.add(ZK);
            args.addAll(chunk);
            jdbc.query("SELECT dok_NrPelny, dok_NrPelnyOryg FROM dok__Dokument WHERE dok_Typ = ? AND dok_NrPelny IN (" + marks + ")",
                    rs -> {
                        found.put(rs.getString(1).trim(), rs.getString(2) == null ? "" : rs.getString(2).trim());
                    }, args.toArray());
        }
        return found;
    }

    /** Whether the ERP holds a ZK with this original number (the channel reference Kanal writes). */
    public boolean hasReference(DataSource erp, String reference) {
        return !new JdbcTemplate(erp).queryForList("SELECT dok_Id FROM dok__Dokument WHERE dok_Typ = ? AND dok_NrPelnyOryg = ?",
                Integer.class, ZK, reference).isEmpty();
    }
}
