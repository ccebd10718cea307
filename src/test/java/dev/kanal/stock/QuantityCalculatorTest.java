package dev.kanal.stock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.KanalIntegrationTest;
import dev.kanal.client.ClientCatalogSync;
import java.util.List;
import org.apache.camel.CamelContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Calculated quantity on real PostgreSQL, exactly as DESIGN.md defines it. */
class QuantityCalculatorTest extends KanalIntegrationTest {

    static final String ACCOUNTS = """
            - id: bm
              type: backmarket
              base-url: http://127.0.0.1:1/sandbox/backmarket
              credentials: {token: t, user-agent: ua, accept-language: fr-fr}
              mapping-mode: variation
              organization-type: channel-name
              import-orders: false
              warehouses: [MAG, WRO]
              inventory-statuses: [available]
            - id: woo
              type: woocommerce
              base-url: http://127.0.0.1:1/sandbox/woocommerce/wp-json/wc/v3
              credentials: {consumer-key: ck, consumer-secret: cs}
              mapping-mode: sku
              organization-type: shipping-name
              import-orders: false
              warehouses: [MAG]
              inventory-statuses: [available, incoming]
              buffer: %d
              %s
            """;

    @Autowired CamelContext camel;
    @Autowired JdbcTemplate jdbc;
    @Autowired ClientCatalogSync sync;
    @Autowired QuantityCalculator calculator;

    private StockFixture fixture(int wooBuffer, String wooMax) {
        return new StockFixture(jdbc, sync, ACCOUNTS.formatted(wooBuffer, wooMax));
    }

    @Test
    void countsOnlyTheAccountsWarehousesAndStatusesMinusAllocationsAndBuffer() {
        StockFixture f = fixture(1, "");
        f.stock("A", "MAG", "available", 10);
        f.stock("A", "MAG", "incoming", 4);
        f.stock("A", "WRO", "available", 7);   // not counted by woo (MAG only)
        f.stock("A", "MAG", "repair", 3);      // not counted: status
        f.allocate("woo", "A", null, "MAG", 2);
        f.allocate("woo", "A", null, "WRO", 5); // allocated outside woo's warehouses: not subtracted
        long woo = f.listing("woo", "101", "A", 0);
        f.mapToSku(woo, "A");

        assertThat(calculator.calculate(List.of(woo))).containsEntry(woo, 10 + 4 - 2 - 1);
    }

    @Test
    void withoutSerializedItemsOrOpenAllocationsTheShorterQueriesGiveTheSameQuantities() {
        StockFixture f = fixture(1, "");
        f.stock("A", "MAG", "available", 10);
        f.stock("B", "MAG", "available", 6);
        f.stock("C", "MAG", "available", 3);
        f.allocate("woo", "B", null, "MAG", 2);
        long plain = f.listing("woo", "201", "A", 0);
        long allocated = f.listing("woo", "202", "B", 0);
        long bundle = f.listing("woo", "203", "KIT", 0);
        f.mapToSku(plain, "A");
        f.mapToSku(allocated, "B");
        f.bundle(bundle, "B", 2);
        f.bundle(bundle, "C", 1);

        Map<Long, Integer> full = calculator.calculate(List.of(plain, allocated, bundle), true, true);
        assertThat(full).containsEntry(plain, 9).containsEntry(allocated, 3).containsEntry(bundle, 1);
        assertThat(calculator.calculate(List.of(plain, allocated, bundle), false, true)).as("no serialized items").isEqualTo(full);
        assertThat(calculator.calculate(List.of(plain), true, false)).as("no allocations").containsEntry(plain, 9);
        assertThat(calculator.calculate(List.of(plain), false, false)).as("neither").containsEntry(plain, 9);
        assertThat(calculator.calculate(List.of(allocated), false, false).get(allocated)).as("left out: not subtracted").isEqualTo(5);
    }

    @Test
    void capsAtMaxAndNeverGoesBelowZero() {
        StockFixture f = fixture(0, "max-quantity: 5");
        f.stock("A", "MAG", "available", 50);
        f.stock("B", "MAG", "available", 1);
        f.allocate("woo", "B", null, "MAG", 3);
        long a = f.listing("woo", "1", "A", null);
        long b = f.listing("woo", "2", "B", null);
        f.mapToSku(a, "A");
        f.mapToSku(b, "B");

        assertThat(calculator.calculate(List.of(a, b))).containsEntry(a, 5).containsEntry(b, 0);
    }

    @Test
    void variationsSharingOneSkuAreCountedApartWhileTheSkuCountsThemAll() {
        StockFixture f = fixture(0, "");
        long gradeA = f.variation("IP8P-64", "IP8P-64", "A", "");
        long gradeB = f.variation("IP8P-64", "IP8P-64", "B", "cracked-glass");
        f.serial("356938035643809", gradeA, "MAG", "available");
        f.serial("356938035643817", gradeA, "WRO", "available");
        f.serial("356938035643825", gradeB, "MAG", "available");
        f.serial("356938035643833", gradeB, "MAG", "repair");
        f.allocate("bm", "IP8P-64", gradeA, "MAG", 1);
        long bmA = f.listing("bm", "uuid-a", "IP8P-64-A", null);
        long bmB = f.listing("bm", "uuid-b", "IP8P-64-B", null);
        long wooSku = f.listing("woo", "55", "IP8P-64", null);
        f.mapToVariation(bmA, gradeA);
        f.mapToVariation(bmB, gradeB);
        f.mapToSku(wooSku, "IP8P-64");

        Map<Long, Integer> q = calculator.calculate(List.of(bmA, bmB, wooSku));
        assertThat(q.get(bmA)).as("grade A: 2 available in MAG+WRO, 1 allocated").isEqualTo(1);
        assertThat(q.get(bmB)).as("grade B: the one in repair does not count").isEqualTo(1);
        assertThat(q.get(wooSku)).as("SKU in MAG: A + B available, minus A's allocation").isEqualTo(1);
    }

    @Test
    void bundleIsTheScarcestComponentDividedByItsUnits() {
        StockFixture f = fixture(0, "");
        f.stock("PHONE", "MAG", "available", 9);
        f.stock("CHARGER", "MAG", "available", 4);
        long kit = f.listing("woo", "kit", "PHONE+2CHARGERS", null);
        f.bundle(kit, "PHONE", 1);
        f.bundle(kit, "CHARGER", 2);

        assertThat(calculator.calculate(List.of(kit))).containsEntry(kit, 2);
        f.stock("CHARGER", "MAG", "available", 40);
        assertThat(calculator.calculate(List.of(kit))).containsEntry(kit, 9);
    }

    @Test
    void unmappedListingsGetNoQuantity() {
        StockFixture f = fixture(0, "");
        f.stock("A", "MAG", "available", 3);
        long unmapped = f.listing("woo", "9", "A", 1);

        assertThat(calculator.calculate(List.of(unmapped))).doesNotContainKey(unmapped);
        assertThat(calculator.recalculate(List.of(unmapped))).isEmpty();
        assertThat(f.target(unmapped)).isNull();
    }

    @Test
    void settingsChangedInTheClientFileChangeTheQuantity() {
        StockFixture f = fixture(0, "");
        f.stock("A", "MAG", "available", 6);
        f.stock("A", "MAG", "incoming", 4);
        long woo = f.listing("woo", "1", "A", null);
        f.mapToSku(woo, "A");
        assertThat(calculator.calculate(List.of(woo))).containsEntry(woo, 10);

        f.resync(ACCOUNTS.formatted(2, "max-quantity: 7"));
        assertThat(calculator.calculate(List.of(woo))).containsEntry(woo, 7);
        f.resync(ACCOUNTS.formatted(2, "").replace("inventory-statuses: [available, incoming]\n  buffer", "inventory-statuses: [available]\n  buffer")
                .replace("""
                          warehouses: [MAG]
                          inventory-statuses: [available, incoming]""", """
                          warehouses: [MAG]
                          inventory-statuses: [available]"""));
        assertThat(calculator.calculate(List.of(woo))).containsEntry(woo, 6 - 2);
    }

    @Test
    void recalculateStoresTargetsAndNamesOnlyAccountsThatChanged() {
        StockFixture f = fixture(0, "");
        f.stock("A", "MAG", "available", 3);
        long woo = f.listing("woo", "1", "A", null);
        f.mapToSku(woo, "A");

        assertThat(calculator.recalculate(List.of(woo))).containsExactly(f.account("woo"));
        assertThat(f.target(woo)).isEqualTo(3);
        assertThat(calculator.recalculate(List.of(woo))).as("same quantity: nothing to push").isEmpty();
    }

    @Test
    void requestsRecalculateEveryListingThatDependsOnTheirSkusAndNoOther() throws Exception {
        camel.getRouteController().stopRoute("stock-recalculate"); // the ticker would take the requests first
        try {
            requestsDriveTheCalculation();
        } finally {
            camel.getRouteController().startRoute("stock-recalculate");
        }
    }

    private void requestsDriveTheCalculation() {
        StockFixture f = fixture(0, "");
        long gradeA = f.variation("IP8P-64", "IP8P-64", "A", "");
        f.serial("356938035643809", gradeA, "MAG", "available");
        f.stock("CHARGER", "MAG", "available", 4);
        f.stock("OTHER", "MAG", "available", 8);
        long bySku = f.listing("woo", "1", "CHARGER", null);
        long byVariation = f.listing("bm", "uuid-a", "IP8P-64-A", null);
        long kit = f.listing("woo", "kit", "PHONE+2CHARGERS", null);
        long other = f.listing("woo", "2", "OTHER", null);
        f.mapToSku(bySku, "CHARGER");
        f.mapToVariation(byVariation, gradeA);
        f.bundle(kit, "IP8P-64", 1);
        f.bundle(kit, "CHARGER", 2);
        f.mapToSku(other, "OTHER");
        long first = request(f.client, "CHARGER");
        long last = request(f.client, "IP8P-64");
        request("another-client", "OTHER"); // the same code of another client is not this client's SKU

        assertThat(calculator.recalculateRequested(first, last)).containsExactlyInAnyOrder(f.account("woo"), f.account("bm"));
        assertThat(f.target(bySku)).isEqualTo(4);
        assertThat(f.target(byVariation)).as("the SKU's variation").isEqualTo(1);
        assertThat(f.target(kit)).as("a bundle with a requested component: min(1/1, 4/2)").isEqualTo(1);
        assertThat(f.target(other)).as("no request names it").isNull();

        f.stock("CHARGER", "MAG", "available", 6);
        long again = request(f.client, "CHARGER");
        assertThat(calculator.recalculateRequested(again, again)).as("only woo's targets moved").containsExactly(f.account("woo"));
        assertThat(f.target(bySku)).isEqualTo(6);
        assertThat(f.target(byVariation)).isEqualTo(1);
    }

    private long request(String client, String sku) {
        return jdbc.queryForObject("INSERT INTO stock_recalculation (client_code, sku) VALUES (?, ?) RETURNING id", Long.class, client, sku);
    }
}
