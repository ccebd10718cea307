package dev.kanal.connector.subiekt;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads corrections of sale documents straight from a Subiekt-GT-style database, as
 * {@link SubiektSaleDocumentReader} reads the sale documents: a correction ({@code dok_Typ} 6 KFS
 * of an invoice, 22 KPA of a receipt, as the sandbox numbers them) points at the FS or PA it
 * corrects, which points at its ZK; its lines hold the change (quantity and gross value negative
 * for a lowering). Corrections come in id order from {@code afterId} on, at most {@code limit};
 * a correction that raises nothing and lowers nothing has no lines here.
 */
public class SubiektCorrectionReader {

    static final int KFS = 6;
    static final int KPA = 22;

    static final String CORRECTIONS = """
            SELECT k.dok_Id, k.dok_Typ, k.dok_NrPelny, s.dok_NrPelny, z.dok_NrPelny, z.dok_NrPelnyOryg, k.dok_DataWyst, k.dok_Uwagi
              FROM dok__Dokument k JOIN dok__Dokument s ON s.dok_Id = k.dok_DoDokId JOIN dok__Dokument z ON z.dok_Id = s.dok_DoDokId
             WHERE k.dok_Typ IN (?, ?) AND s.dok_Typ IN (?, ?) AND z.dok_Typ = ? AND k.dok_Id > ?
             ORDER BY k.dok_Id""";

    static final String LINES = """
            SELECT t.tw_Symbol, SUM(p.ob_Ilosc), SUM(p.ob_WartBrutto) FROM dok_Pozycja p JOIN tw__Towar t ON t.tw_Id = p.ob_TowId
             WHERE p.ob_DokHanId = ? GROUP BY t.tw_Symbol ORDER BY t.tw_Symbol""";

    public List<ErpCorrection> readSince(DataSource erp, long afterId, int limit) {
        JdbcTemplate jdbc = new JdbcTemplate(erp);
        jdbc.setMaxRows(limit);
        List<ErpCorrection> headers = jdbc.query(CORRECTIONS, (rs, n) -> {
            Timestamp issued = rs.getTimestamp(7);
            return new ErpCorrection(rs.getLong(1), rs.getInt(2) == KFS ? "KFS" : "KPA", rs.getString(3).trim(), rs.getString(4).trim(),
                    rs.getString(5).trim(), trim(rs.getString(6)), issued == null ? null : issued.toInstant(), trim(rs.getString(8)),
                    List.of());
        }, KFS, KPA, SubiektSaleDocumentReader.FS, SubiektSaleDocumentReader.PA, SubiektShipmentReader.ZK, afterId);
        JdbcTemplate lines = new JdbcTemplate(erp);
        return headers.stream().map(c -> new ErpCorrection(c.documentId(), c.kind(), c.number(), c.saleDocument(), c.orderRef(),
                c.reference(), c.issuedAt(), c.reason(), lines.query(LINES, (rs, n) -> {
                    BigDecimal qty = rs.getBigDecimal(2);
                    BigDecimal amount = rs.getBigDecimal(3);
                    return new ErpCorrection.Line(rs.getString(1).trim(), qty == null ? 0 : -qty.intValue(),
                            amount == null ? BigDecimal.ZERO : amount.negate());
                }, c.documentId()).stream().filter(l -> l.quantity() > 0 || l.amount().signum() > 0).toList())).toList();
    }

    private static String trim(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
