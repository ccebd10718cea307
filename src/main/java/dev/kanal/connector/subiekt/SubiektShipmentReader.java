package dev.kanal.connector.subiekt;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads goods issue documents (WZ, {@code dok_Typ} 11) that realize a customer order (ZK, 16)
 * straight from a Subiekt-GT-style database, with carrier, tracking and the serials of each line.
 * Plain SQL, as {@link SubiektStockReader}: it runs on the ERP's SQL Server and on the sandbox's
 * PostgreSQL or H2. Documents come in id order from {@code afterId} on, at most {@code limit}.
 */
public class SubiektShipmentReader {

    static final int WZ = 11;
    static final int ZK = 16;

    static final String DOCUMENTS = """
            SELECT d.dok_Id, d.dok_NrPelny, z.dok_NrPelny, z.dok_NrPelnyOryg, d.dok_DataWyst,
                   d.dok_Przewoznik, d.dok_NrPrzesylki, d.dok_UrlPrzesylki
              FROM dok__Dokument d JOIN dok__Dokument z ON z.dok_Id = d.dok_DoDokId
             WHERE d.dok_Typ = ? AND z.dok_Typ = ? AND d.dok_Id > ?
             ORDER BY d.dok_Id""";

    static final String LINES = """
            SELECT p.ob_Id, t.tw_Symbol, CAST(FLOOR(p.ob_Ilosc) AS INTEGER)
              FROM dok_Pozycja p JOIN tw__Towar t ON t.tw_Id = p.ob_TowId
             WHERE p.ob_DokMagId = ? ORDER BY p.ob_Id""";

    static final String SERIALS = "SELECT ns_Numer FROM dok_NumerSeryjny WHERE ns_PozId = ? ORDER BY ns_Id";

    public List<ErpShipment> readSince(DataSource erp, long afterId, int limit) {
        JdbcTemplate jdbc = new JdbcTemplate(erp);
        jdbc.setMaxRows(limit);
        List<ErpShipment> documents = jdbc.query(DOCUMENTS, (rs, n) -> {
            Timestamp issued = rs.getTimestamp(5);
            return new ErpShipment(rs.getLong(1), rs.getString(2).trim(), rs.getString(3).trim(), trim(rs.getString(4)),
                    issued == null ? null : issued.toInstant(), trim(rs.getString(6)), trim(rs.getString(7)), trim(rs.getString(8)),
                    List.of());
        }, WZ, ZK, afterId);
        JdbcTemplate lines = new JdbcTemplate(erp);
        List<ErpShipment> complete = new ArrayList<>();
        for (ErpShipment document : documents) {
            Map<Long, ErpShipment.Line> byPosition = new LinkedHashMap<>();
            lines.query(LINES, rs -> {
                byPosition.put(rs.getLong(1), new ErpShipment.Line(rs.getString(2).trim(), rs.getInt(3), List.of()));
            }, document.documentId());
            List<ErpShipment.Line> withSerials = new ArrayList<>();
            byPosition.forEach((position, line) -> withSerials.add(new ErpShipment.Line(line.sku(), line.quantity(),
                    lines.queryForList(SERIALS, String.class, position).stream().map(String::trim).toList())));
            complete.add(new ErpShipment(document.documentId(), document.number(), document.orderRef(), document.reference(),
                    document.issuedAt(), document.carrier(), document.trackingNumber(), document.trackingUrl(), withSerials));
        }
        return complete;
    }

    private static String trim(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
