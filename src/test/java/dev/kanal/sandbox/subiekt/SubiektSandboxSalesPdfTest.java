package dev.kanal.sandbox.subiekt;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The sandbox ERP's printed documents open as PDFs and say what the document is. */
class SubiektSandboxSalesPdfTest {

    @Test
    void anInvoiceShowsItsNumberOrderLinesAndTotalAndFoldsPolishLetters() throws Exception {
        List<SubiektSandboxSales.PrintedLine> lines = new ArrayList<>();
        lines.add(new SubiektSandboxSales.PrintedLine("IP8P-64-RG", "Żółty łącznik – iPhone 8 Plus", new BigDecimal("2.0000"),
                new BigDecimal("398.00")));
        for (int i = 0; i < 45; i++) {
            lines.add(new SubiektSandboxSales.PrintedLine("CASE-" + i, "Case " + i, BigDecimal.ONE, new BigDecimal("1.00")));
        }
        byte[] pdf = SubiektSandboxSales.render(new SubiektSandboxSales.Printed("FS", "FS 7/05/2026", "ZK 3/05/2026", "bm-orders:4512",
                Timestamp.valueOf("2026-05-06 10:00:00"), new BigDecimal("443.00"), lines));

        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).as("40 lines a page").isEqualTo(2);
            assertThat(document.getDocumentInformation().getTitle()).isEqualTo("Invoice FS 7/05/2026");
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Invoice FS 7/05/2026", "Issued: 2026-05-06", "For order: ZK 3/05/2026",
                    "Order reference: bm-orders:4512", "IP8P-64-RG", "Zolty lacznik", "199.00", "398.00", "CASE-44",
                    "Total gross: 443.00", "page 2 of 2");
        }
    }
}
