package dev.kanal.inventory.serialized;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.catalog.ProductRepository;
import dev.kanal.catalog.SkuRepository;
import dev.kanal.client.Client;
import dev.kanal.inventory.SerializedItemRepository;
import dev.kanal.inventory.StockChanged;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The importer on PostgreSQL: upserts, catalogue conflicts, and when stock.changed goes out. */
class SerializedImporterTest extends SerializedIntegrationTest {

    @Autowired SerializedImporter importer;
    @Autowired SerializedItemLookup lookup;
    @Autowired SerializedItemRepository items;
    @Autowired ProductRepository products;
    @Autowired SkuRepository skus;
    @Autowired TransactionTemplate transactions;

    private static final String A = imei("35209900176148");
    private static final String B = imei("35209900176149");

    private static SerializedItemRow row(int line, String serial, String product, String sku, String grade,
            Set<String> conditions, String warehouse, String status) {
        return new SerializedItemRow(line, serial, null, product, null, sku, grade, conditions, warehouse, status);
    }

    @Test
    void regradingMovesTheItemBetweenVariationsAndAnnouncesBothSkus() throws Exception {
        Client client = newClient(true);
        String c = client.getCode();
        importer.importRows(c, List.of(row(2, A, "IP8", "IP8-B", "B", Set.of(), "main", "available")));
        assertThat(takeStockChanged(c)).containsExactly(new StockChanged(c, "IP8-B", SerializedImporter.CAUSE, true));

        // repaired: same unit, now grade A; conditions in another spelling make no new variation later
        ImportReport report = importer.importRows(c,
                List.of(row(2, A, "IP8", "IP8-A", "A", Set.of(" Scratched Back "), "main", "available")));

        assertThat(report.updated()).isEqualTo(1);
        assertThat(report.changedSkus()).containsExactly("IP8-A", "IP8-B");
        assertThat(takeStockChanged(c)).extracting(StockChanged::sku).containsExactlyInAnyOrder("IP8-A", "IP8-B");
        SerializedItemView view = lookup.find(c, A).orElseThrow();
        assertThat(view.variation().sku()).isEqualTo("IP8-A");
        assertThat(view.variation().conditions()).containsExactly("scratched back");

        ImportReport again = importer.importRows(c,
                List.of(row(2, A, "IP8", "IP8-A", "A", Set.of("scratched back"), "main", "available")));
        assertThat(again.unchanged()).isEqualTo(1);
        assertThat(again.changedSkus()).isEmpty();
        assertThat(takeStockChanged(c)).isEmpty();
    }

    @Test
    void aStatusChangeIsAnUpdateOfOneSku() throws Exception {
        String c = newClient(true).getCode();
        importer.importRows(c, List.of(row(2, A, "IP8", "IP8-B", "B", Set.of(), "main", "available")));
        takeStockChanged(c);

        ImportReport report = importer.importRows(c, List.of(row(2, A, "IP8", "IP8-B", "B", Set.of(), "main", "repair")));

        assertThat(report).isEqualTo(new ImportReport(0, 1, 0, List.of(), Set.of("IP8-B")));
        assertThat(takeStockChanged(c)).extracting(StockChanged::sku).containsExactly("IP8-B");
        assertThat(lookup.find(c, A).orElseThrow().inventoryStatus().code()).isEqualTo("repair");
    }

    @Test
    void aVariationKeepsItsSkuAndAUniqueSkuNamesOneVariation() throws Exception {
        Client client = newClient(true);
        String c = client.getCode();
        ImportReport report = importer.importRows(c, List.of(
                row(2, A, "IP8", "IP8-B", "B", Set.of(), "main", "available"),
                row(3, B, "IP8", "OTHER", "B", Set.of(), "main", "available"),     // same variation, other SKU
                row(4, imei("35209900176150"), "IP8", "IP8-B", "C", Set.of(), "main", "available"), // SKU taken
                row(5, imei("35209900176151"), "NEW", "IP8-B", "A", Set.of(), "main", "available"))); // SKU taken

        assertThat(report.imported()).isEqualTo(1);
        assertThat(report.problems()).extracting(RowProblem::line, RowProblem::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "product 'IP8' grade 'B' without conditions is sold as SKU 'IP8-B', not 'OTHER'"),
                org.assertj.core.groups.Tuple.tuple(4, "SKU 'IP8-B' already names product 'IP8' grade 'B' without conditions and the client's SKUs are unique"),
                org.assertj.core.groups.Tuple.tuple(5, "SKU 'IP8-B' already names product 'IP8' grade 'B' without conditions and the client's SKUs are unique"));
        // a rejected row leaves nothing behind
        assertThat(skus.findByClientIdAndCode(client.getId(), "OTHER")).isEmpty();
        assertThat(products.findByClientIdAndCode(client.getId(), "NEW")).isEmpty();
        assertThat(takeStockChanged(c)).extracting(StockChanged::sku).containsExactly("IP8-B");
    }

    @Test
    void withoutSkuUniquenessOneSkuCoversSeveralVariations() throws Exception {
        String c = newClient(false).getCode();
        ImportReport report = importer.importRows(c, List.of(
                row(2, A, "IP8", "IP8", "B", Set.of(), "main", "available"),
                row(3, B, "IP8", "IP8", "C", Set.of("dent"), "outlet", "available")));

        assertThat(report.imported()).isEqualTo(2);
        assertThat(report.problems()).isEmpty();
        assertThat(lookup.find(c, B).orElseThrow().variation().grade()).isEqualTo("C");
        assertThat(takeStockChanged(c)).extracting(StockChanged::sku).containsExactly("IP8");
    }

    @Test
    void nothingIsAnnouncedWhenTheTransactionRollsBack() throws Exception {
        Client client = newClient(true);
        String c = client.getCode();
        transactions.executeWithoutResult(tx -> {
            ImportReport report = importer.importRows(c,
                    List.of(row(2, A, "IP8", "IP8-B", "B", Set.of(), "main", "available")));
            assertThat(report.changedSkus()).containsExactly("IP8-B");
            tx.setRollbackOnly();
        });

        assertThat(items.findByClientIdAndSerial(client.getId(), A)).isEmpty();
        assertThat(takeStockChanged(c)).isEmpty();
    }

    @Test
    void anUnknownClientRefusesTheWholeImport() {
        assertThatThrownBy(() -> importer.importRows("no-such-client",
                List.of(row(2, A, "IP8", "IP8-B", "B", Set.of(), "main", "available"))))
                .isInstanceOf(UnknownClientException.class)
                .hasMessage("unknown client 'no-such-client'");
    }
}
