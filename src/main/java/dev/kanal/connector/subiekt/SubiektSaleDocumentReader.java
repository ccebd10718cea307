package dev.kanal.connector.subiekt;

import java.sql.Timestamp;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads sale documents (FS invoice, {@code dok_Typ} 2; PA receipt, 21) made from a customer order
 * (ZK, 16) straight from a Subiekt-GT-style database, as {@link SubiektShipmentReader} reads issue
 * documents. Their PDF is not in the tables (Subiekt prints it on demand): the gateway's
 * {@code document/getPdf} renders it ({@link SubiektGatewayClient#documentPdf}). Documents come
 * in id order from {@code afterId} on, at most {@code limit}.
 */
public class SubiektSaleDocumentReader {

    static final int FS = 2;
    static final int PA = 21;

    static final String DOCUMENTS = """
            SELECT d.dok_Id, d.dok_Typ, d.dok_NrPelny, z.dok_NrPelny, z.dok_NrPelnyOryg, d.dok_DataWyst, d.dok_WartBrutto
              FROM dok__Dokument d JOIN dok__Dokument z ON z.dok_Id = d.dok_DoDokId
             WHERE d.dok_Typ IN (?, ?) AND z.dok_Typ = ? AND d.dok_Id > ?
             ORDER BY d.dok_Id""";

    public List<ErpSaleDocument> readSince(DataSource erp, long afterId, int limit) {
        JdbcTemplate jdbc = new JdbcTemplate(erp);
        jdbc.setMaxRows(limit);
        return jdbc.query(DOCUMENTS, (rs, n) -> {
            Timestamp issued = rs.getTimestamp(6);
            return new ErpSaleDocument(rs.getLong(1), rs.getInt(2) == FS ? "FS" : "PA", rs.getString(3).trim(),
                    rs.getString(4).trim(), trim(rs.getString(5)), issued == null ? null : issued.toInstant(), rs.getBigDecimal(7));
        }, FS, PA, SubiektShipmentReader.ZK, afterId);
    }

    private static String trim(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
