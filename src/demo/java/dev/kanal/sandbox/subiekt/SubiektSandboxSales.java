package dev.kanal.sandbox.subiekt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sandbox ERP's sale documents: an invoice (FS, {@code dok_Typ} 2) or a receipt (PA, 21) made
 * from a ZK, as Subiekt's "realize into a sale document" does ({@code order/makeSaleDoc} on the
 * gateway, or the operator's act on the control API), and the PDF of any document
 * ({@code document/getPdf}), rendered from the tables with PDFBox as Subiekt's print engine would.
 */
public class SubiektSandboxSales {

    static final int FS = 2;
    static final int PA = 21;
    static final int ZK = SubiektSandboxDatabase.ZK;
    /** dok_Typ of a correction of an invoice (KFS) and of a receipt (KPA), as the sandbox numbers them. */
    public static final int KFS = 6;
    public static final int KPA = 22;

    private static final Map<Integer, String> KINDS = Map.of(FS, "FS", PA, "PA", ZK, "ZK", SubiektSandboxDatabase.WZ, "WZ",
            KFS, "KFS", KPA, "KPA");
    private static final Map<String, String> TITLES = Map.of("FS", "Invoice", "PA", "Receipt", "ZK", "Customer order",
            "WZ", "Goods issue", "KFS", "Corrective invoice", "KPA", "Corrective receipt");

    private final SubiektSandboxDatabase database = new SubiektSandboxDatabase();

    /** The ERP refuses the act, with a message as the gateway's {@code fail} answer carries it. */
    public static final class SaleRefused extends RuntimeException {
        SaleRefused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Makes the sale document of the ZK named by its number ({@code orderRef}) or its original
     * number ({@code reference}): {@code kind} FS (default) or PA, numbered {@code FS n/MM/YYYY},
     * pointing at the ZK ({@code dok_DoDokId}), carrying the ZK's original number and a copy of its
     * lines and gross total. A ZK has at most one sale document.
     *
     * @return {@code doc_ref}, {@code doc_amount}, {@code doc_state} ("ok"), {@code order_ref}
     */
    public Map<String, Object> make(DataSource erp, String orderRef, String reference, String kind) {
        String type = kind == null || kind.isBlank() ? "FS" : kind.trim().toUpperCase(java.util.Locale.ROOT);
        if (!type.equals("FS") && !type.equals("PA")) {
            throw new SaleRefused("unknown sale document kind " + kind + ": FS (invoice) or PA (receipt)");
        }
        int docType = type.equals("FS") ? FS : PA;
        database.ensureSchema(erp);
        JdbcTemplate jdbc = new JdbcTemplate(erp);
        return new TransactionTemplate(new DataSourceTransactionManager(erp)).execute(tx -> {
            List<Integer> zks = orderRef != null && !orderRef.isBlank()
                    ? jdbc.queryForList("SELECT dok_Id FROM dok__Dokument WHERE dok_Typ = ? AND dok_NrPelny = ?", Integer.class,
                            ZK, orderRef.trim())
                    : jdbc.queryForList("SELECT dok_Id FROM dok__Dokument WHERE dok_Typ = ? AND dok_NrPelnyOryg = ? ORDER BY dok_Id",
                            Integer.class, ZK, reference == null ? "" : reference.trim());
            if (zks.isEmpty()) {
                throw new SaleRefused("order not found: " + (orderRef != null && !orderRef.isBlank() ? orderRef : reference));
            }
            int zk = zks.get(0);
            jdbc.queryForList("SELECT dok_Id FROM dok__Dokument WHERE dok_Id = ? FOR UPDATE", Integer.class, zk);
            Map<String, Object> order = jdbc.queryForMap(
                    "SELECT dok_NrPelny, dok_NrPelnyOryg, dok_WartBrutto FROM dok__Dokument WHERE dok_Id = ?", zk);
            List<String> made = jdbc.queryForList("SELECT dok_NrPelny FROM dok__Dokument WHERE dok_DoDokId = ? AND dok_Typ IN (?, ?)",
                    String.class, zk, FS, PA);
            if (!made.isEmpty()) {
                throw new SaleRefused("order " + order.get("dok_NrPelny") + " already has a sale document " + made.get(0));
            }
            BigDecimal total = (BigDecimal) order.get("dok_WartBrutto");
            if (total == null || total.signum() <= 0) {
                throw new SaleRefused("zero-value document: order " + order.get("dok_NrPelny") + " totals " + total);
            }
            String number = nextNumber(jdbc, docType, type);
            jdbc.update("""
                    INSERT INTO dok__Dokument (dok_Typ, dok_NrPelny, dok_NrPelnyOryg, dok_Status, dok_DoDokId, dok_WartBrutto)
                    VALUES (?, ?, ?, 1, ?, ?)""", docType, number, order.get("dok_NrPelnyOryg"), zk, total);
            int document = jdbc.queryForObject("SELECT dok_Id FROM dok__Dokument WHERE dok_Typ = ? AND dok_NrPelny = ?",
                    Integer.class, docType, number);
            jdbc.update("""
                    INSERT INTO dok_Pozycja (ob_DokHanId, ob_TowId, ob_Ilosc, ob_WartBrutto)
                    SELECT ?, ob_TowId, ob_Ilosc, ob_WartBrutto FROM dok_Pozycja WHERE ob_DokHanId = ? ORDER BY ob_Id""", document, zk);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("doc_ref", number);
            answer.put("doc_amount", total);
            answer.put("doc_state", "ok");
            answer.put("order_ref", order.get("dok_NrPelny"));
            return answer;
        });
    }

    /** One product a correction lowers: units taken off and gross value taken off (null: the units' share of the line). */
    public record CorrectionLine(String code, BigDecimal qty, BigDecimal amount) {
    }

    /**
     * The operator's correction of a sale document (the FS or PA named by its number
     * {@code docRef}, or the one of the ZK whose original number is {@code reference}): a KFS of an
     * invoice or a KPA of a receipt, numbered {@code KFS n/MM/YYYY}, pointing at the sale document
     * ({@code dok_DoDokId}), carrying its original number, the reason in {@code dok_Uwagi}, and
     * one line per product with the change: quantity and gross value negative, as Subiekt lists a
     * lowering. Refused: no such sale document, a product it does not hold, more units or value
     * than are left on it after earlier corrections, a correction that lowers nothing. Stock does
     * not move (goods coming back are a return document of their own).
     *
     * @return {@code doc_ref}, {@code doc_amount} (negative), {@code corrected} (the sale document), {@code order_ref}
     */
    public Map<String, Object> correct(DataSource erp, String docRef, String reference, String reason, List<CorrectionLine> lines) {
        database.ensureSchema(erp);
        JdbcTemplate jdbc = new JdbcTemplate(erp);
        if (lines == null || lines.isEmpty()) {
            throw new SaleRefused("the correction has no lines");
        }
        return new TransactionTemplate(new DataSourceTransactionManager(erp)).execute(tx -> {
            List<Integer> sales = docRef != null && !docRef.isBlank()
                    ? jdbc.queryForList("SELECT dok_Id FROM dok__Dokument WHERE dok_Typ IN (?, ?) AND dok_NrPelny = ?", Integer.class,
                            FS, PA, docRef.trim())
                    : jdbc.queryForList("""
                            SELECT s.dok_Id FROM dok__Dokument s JOIN dok__Dokument z ON z.dok_Id = s.dok_DoDokId
                             WHERE s.dok_Typ IN (?, ?) AND z.dok_Typ = ? AND z.dok_NrPelnyOryg = ? ORDER BY s.dok_Id""",
                            Integer.class, FS, PA, ZK, reference == null ? "" : reference.trim());
            if (sales.isEmpty()) {
                throw new SaleRefused("sale document not found: " + (docRef != null && !docRef.isBlank() ? docRef : reference));
            }
            int sale = sales.get(0);
            jdbc.queryForList("SELECT dok_Id FROM dok__Dokument WHERE dok_Id = ? FOR UPDATE", Integer.class, sale);
            Map<String, Object> document = jdbc.queryForMap("""
                    SELECT s.dok_Typ, s.dok_NrPelny, s.dok_NrPelnyOryg, z.dok_NrPelny AS zk FROM dok__Dokument s
                      LEFT JOIN dok__Dokument z ON z.dok_Id = s.dok_DoDokId WHERE s.dok_Id = ?""", sale);
            int type = ((Number) document.get("dok_Typ")).intValue() == FS ? KFS : KPA;
            List<Object[]> rows = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            for (CorrectionLine line : lines) {
                BigDecimal qty = line.qty() == null ? BigDecimal.ZERO : line.qty();
                // what the sale document still holds of the product: its lines plus every earlier correction's
                List<Map<String, Object>> held = jdbc.queryForList("""
                        SELECT t.tw_Id AS product, SUM(p.ob_Ilosc) AS qty, SUM(p.ob_WartBrutto) AS amount FROM dok_Pozycja p
                          JOIN tw__Towar t ON t.tw_Id = p.ob_TowId
                         WHERE t.tw_Symbol = ? AND (p.ob_DokHanId = ? OR p.ob_DokHanId IN
                               (SELECT dok_Id FROM dok__Dokument WHERE dok_DoDokId = ? AND dok_Typ IN (?, ?)))
                         GROUP BY t.tw_Id""", line.code(), sale, sale, KFS, KPA);
                if (held.isEmpty()) {
                    throw new SaleRefused(document.get("dok_NrPelny") + " has no product " + line.code());
                }
                BigDecimal heldQty = (BigDecimal) held.get(0).get("qty");
                BigDecimal heldAmount = (BigDecimal) held.get(0).get("amount");
                if (qty.signum() < 0 || qty.compareTo(heldQty) > 0) {
                    throw new SaleRefused("quantity of " + line.code() + " to take off must be between 0 and "
                            + heldQty.stripTrailingZeros().toPlainString());
                }
                BigDecimal amount = line.amount() != null ? line.amount() : heldQty.signum() == 0 ? BigDecimal.ZERO
                        : heldAmount.multiply(qty).divide(heldQty, 2, RoundingMode.HALF_UP);
                if (amount.signum() < 0 || amount.compareTo(heldAmount) > 0 || (amount.signum() == 0 && qty.signum() == 0)) {
                    throw new SaleRefused("value of " + line.code() + " to take off must be above 0 and at most "
                            + heldAmount.toPlainString());
                }
                rows.add(new Object[] {((Number) held.get(0).get("product")).intValue(), qty.negate(), amount.negate()});
                total = total.add(amount);
            }
            String kind = KINDS.get(type);
            String number = nextNumber(jdbc, type, kind);
            jdbc.update("""
                    INSERT INTO dok__Dokument (dok_Typ, dok_NrPelny, dok_NrPelnyOryg, dok_Status, dok_DoDokId, dok_WartBrutto, dok_Uwagi)
                    VALUES (?, ?, ?, 1, ?, ?, ?)""", type, number, document.get("dok_NrPelnyOryg"), sale, total.negate(), reason);
            int correction = jdbc.queryForObject("SELECT dok_Id FROM dok__Dokument WHERE dok_Typ = ? AND dok_NrPelny = ?",
                    Integer.class, type, number);
            for (Object[] row : rows) {
                jdbc.update("INSERT INTO dok_Pozycja (ob_DokHanId, ob_TowId, ob_Ilosc, ob_WartBrutto) VALUES (?, ?, ?, ?)",
                        correction, row[0], row[1], row[2]);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("doc_ref", number);
            answer.put("doc_amount", total.negate());
            answer.put("corrected", document.get("dok_NrPelny"));
            answer.put("order_ref", document.get("zk"));
            return answer;
        });
    }

    /** {@code FS n/MM/YYYY}: the next number of this kind in the current month. */
    private static String nextNumber(JdbcTemplate jdbc, int docType, String prefix) {
        LocalDate today = LocalDate.now();
        String suffix = "/%02d/%d".formatted(today.getMonthValue(), today.getYear());
        int next = 1 + jdbc.queryForList("SELECT dok_NrPelny FROM dok__Dokument WHERE dok_Typ = ? AND dok_NrPelny LIKE ?",
                String.class, docType, prefix + " %" + suffix).stream().mapToInt(n -> {
                    try {
                        return Integer.parseInt(n.substring(prefix.length() + 1, n.length() - suffix.length()).trim());
                    } catch (RuntimeException e) {
                        return 0;
                    }
                }).max().orElse(0);
        return prefix + " " + next + suffix;
    }

    /** One document's header and lines, as the PDF shows them. */
    record Printed(String kind, String number, String orderNumber, String reference, Timestamp issued, BigDecimal total,
                   List<PrintedLine> lines) {
    }

    record PrintedLine(String code, String name, BigDecimal quantity, BigDecimal gross) {
    }

    /**
     * The PDF of the document numbered {@code docRef} (an FS, PA, ZK or WZ): its number, the order
     * it realizes and that order's original (channel) number, the issue date, the lines with
     * quantity, unit and line gross, and the gross total.
     */
    public byte[] pdf(DataSource erp, String docRef) {
        database.ensureSchema(erp);
        return render(read(erp, docRef));
    }

    Printed read(DataSource erp, String docRef) {
        JdbcTemplate jdbc = new JdbcTemplate(erp);
        List<Map<String, Object>> found = jdbc.queryForList("""
                SELECT d.dok_Id, d.dok_Typ, d.dok_NrPelny, d.dok_NrPelnyOryg, d.dok_DataWyst, d.dok_WartBrutto, z.dok_NrPelny AS zk
                  FROM dok__Dokument d LEFT JOIN dok__Dokument z ON z.dok_Id = d.dok_DoDokId
                 WHERE d.dok_NrPelny = ? ORDER BY d.dok_Id""", docRef == null ? "" : docRef.trim());
        if (found.isEmpty()) {
            throw new SaleRefused("document not found: " + docRef);
        }
        Map<String, Object> d = found.get(0);
        int id = ((Number) d.get("dok_Id")).intValue();
        int type = ((Number) d.get("dok_Typ")).intValue();
        String column = type == SubiektSandboxDatabase.WZ ? "ob_DokMagId" : "ob_DokHanId";
        List<PrintedLine> lines = jdbc.query("SELECT t.tw_Symbol, t.tw_Nazwa, p.ob_Ilosc, p.ob_WartBrutto FROM dok_Pozycja p "
                        + "JOIN tw__Towar t ON t.tw_Id = p.ob_TowId WHERE p." + column + " = ? ORDER BY p.ob_Id",
                (rs, n) -> new PrintedLine(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getBigDecimal(4)), id);
        return new Printed(KINDS.getOrDefault(type, String.valueOf(type)), (String) d.get("dok_NrPelny"), (String) d.get("zk"),
                (String) d.get("dok_NrPelnyOryg"), (Timestamp) d.get("dok_DataWyst"), (BigDecimal) d.get("dok_WartBrutto"), lines);
    }

    /** One A4 page per 40 lines; Helvetica, so text outside WinAnsi is folded to its base letters. */
    static byte[] render(Printed document) {
        PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDDocumentInformation info = pdf.getDocumentInformation();
            info.setTitle(TITLES.getOrDefault(document.kind(), "Document") + " " + document.number());
            info.setCreator("Kanal sandbox ERP");
            List<List<PrintedLine>> pages = new ArrayList<>();
            for (int from = 0; from < Math.max(1, document.lines().size()); from += 40) {
                pages.add(document.lines().subList(Math.min(from, document.lines().size()),
                        Math.min(document.lines().size(), from + 40)));
            }
            for (int p = 0; p < pages.size(); p++) {
                PDPage page = new PDPage(PDRectangle.A4);
                pdf.addPage(page);
                try (PDPageContentStream text = new PDPageContentStream(pdf, page)) {
                    float y = 790;
                    y = line(text, bold, 16, 50, y, TITLES.getOrDefault(document.kind(), "Document") + " " + document.number(), 24);
                    y = line(text, regular, 10, 50, y, "Issued: " + (document.issued() == null ? "" : document.issued().toLocalDateTime()
                            .toLocalDate()), 14);
                    if (document.orderNumber() != null) {
                        y = line(text, regular, 10, 50, y, "For order: " + document.orderNumber(), 14);
                    }
                    if (document.reference() != null) {
                        y = line(text, regular, 10, 50, y, "Order reference: " + document.reference(), 14);
                    }
                    y -= 10;
                    cell(text, bold, 50, y, "Code");
                    cell(text, bold, 170, y, "Name");
                    cell(text, bold, 390, y, "Qty");
                    cell(text, bold, 430, y, "Unit gross");
                    cell(text, bold, 500, y, "Gross");
                    y -= 16;
                    for (PrintedLine l : pages.get(p)) {
                        BigDecimal qty = l.quantity().stripTrailingZeros();
                        cell(text, regular, 50, y, l.code());
                        cell(text, regular, 170, y, l.name().length() > 40 ? l.name().substring(0, 40) : l.name());
                        cell(text, regular, 390, y, qty.toPlainString());
                        cell(text, regular, 430, y, qty.signum() == 0 ? "" : l.gross().divide(l.quantity(), 2, RoundingMode.HALF_UP)
                                .toPlainString());
                        cell(text, regular, 500, y, l.gross().setScale(2, RoundingMode.HALF_UP).toPlainString());
                        y -= 14;
                    }
                    if (p == pages.size() - 1) {
                        y -= 10;
                        line(text, bold, 12, 50, y, "Total gross: " + (document.total() == null ? "0.00"
                                : document.total().setScale(2, RoundingMode.HALF_UP).toPlainString()), 14);
                    }
                    line(text, regular, 8, 50, 40, document.number() + " - page " + (p + 1) + " of " + pages.size(), 0);
                }
            }
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float line(PDPageContentStream text, PDType1Font font, float size, float x, float y, String value, float step)
            throws IOException {
        text.beginText();
        text.setFont(font, size);
        text.newLineAtOffset(x, y);
        text.showText(printable(font, value));
        text.endText();
        return y - step;
    }

    private static void cell(PDPageContentStream text, PDType1Font font, float x, float y, String value) throws IOException {
        line(text, font, 9, x, y, value == null ? "" : value, 0);
    }

    /** What Helvetica can show: accents dropped (ą → a), Polish ł as l, anything else left as '?'. */
    static String printable(PDType1Font font, String value) {
        String folded = Normalizer.normalize(value, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replace('ł', 'l').replace('Ł', 'L');
        StringBuilder out = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            try {
                font.encode(String.valueOf(c));
                out.append(c);
            } catch (IOException | IllegalArgumentException e) {
                out.append('?');
            }
        }
        return out.toString();
    }
}
