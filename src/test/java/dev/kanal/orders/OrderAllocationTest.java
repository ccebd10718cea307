package dev.kanal.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.TestBeans;
import dev.kanal.client.ClientCatalogSync;
import dev.kanal.inventory.StockChanged;
import dev.kanal.stock.StockFixture;
import dev.kanal.support.CommitGroup;
import jakarta.jms.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * Allocation on real PostgreSQL: every allocation in its own transaction, many at once, each
 * test with its own client (StockFixture) so the counts are exact.
 */
class OrderAllocationTest extends KanalIntegrationTest {

    private static final String THREE_ACCOUNTS = """
            - {id: bm, type: backmarket, base-url: "http://127.0.0.1:1", credentials: {token: t, user-agent: u, accept-language: fr-fr},
               mapping-mode: sku, organization-type: channel-name, import-orders: false, warehouses: [MAG, WRO], inventory-statuses: [available]}
            - {id: bm-be, type: backmarket, base-url: "http://127.0.0.1:1", credentials: {token: t, user-agent: u, accept-language: fr-be},
               mapping-mode: sku, organization-type: channel-name, import-orders: false, warehouses: [MAG, WRO], inventory-statuses: [available]}
            - {id: woo, type: woocommerce, base-url: "http://127.0.0.1:1", credentials: {consumer-key: k, consumer-secret: s},
               mapping-mode: sku, organization-type: shipping-name, import-orders: false, warehouses: [MAG, WRO], inventory-statuses: [available],
               split-allocation: true}
            - {id: woo-strict, type: woocommerce, base-url: "http://127.0.0.1:1", credentials: {consumer-key: k, consumer-secret: s},
               mapping-mode: sku, organization-type: shipping-name, import-orders: false, warehouses: [MAG, WRO], inventory-statuses: [available],
               refuse-oversold: true}
            """;

    @Autowired JdbcTemplate jdbc;
    @Autowired ClientCatalogSync sync;
    @Autowired OrderAllocator allocator;
    @Autowired JmsTemplate jms;
    @Autowired ObjectMapper json;

    @Test
    void twentyConcurrentOrdersForSevenUnitsAllocateExactlySeven() throws Exception {
        StockFixture stock = new StockFixture(jdbc, sync, THREE_ACCOUNTS);
        OrderFixture orders = new OrderFixture(jdbc);
        long sku = stock.sku("PHONE");
        stock.stock("PHONE", "MAG", "available", 4);
        stock.stock("PHONE", "WRO", "available", 3);
        stock.stock("PHONE", "MAG", "repair", 5); // not counted: the accounts sell "available" only
        List<String> accounts = List.of("bm", "bm-be", "woo");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(orders.order(stock.clientId, stock.account(accounts.get(i % 3)), true, false,
                    List.of(OrderFixture.Line.of("PHONE", sku, 1))));
        }

        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<AllocationResult>> results = new ArrayList<>();
        for (long id : ids) {
            results.add(pool.submit((Callable<AllocationResult>) () -> {
                start.await();
                return allocator.allocate(id);
            }));
        }
        start.countDown();
        for (Future<AllocationResult> result : results) {
            result.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        int allocated = ids.stream().mapToInt(orders::allocated).sum();
        assertThat(allocated).isEqualTo(7);
        assertThat(ids.stream().filter(orders::oversold).count()).isEqualTo(13);
        assertThat(ids.stream().filter(id -> orders.oversold(id)).mapToInt(orders::missing).sum()).isEqualTo(13);
        assertThat(ids.stream().filter(id -> "HELD".equals(orders.status(id))).count()).isEqualTo(13);
        assertThat(ids.stream().filter(id -> "ACCEPTED".equals(orders.status(id))).count()).isEqualTo(7);
        assertThat(jdbc.queryForObject("""
                SELECT COALESCE(SUM(quantity), 0) FROM allocation WHERE sku_id = ? AND status = 'OPEN' AND warehouse_id = ?""",
                Integer.class, sku, stock.warehouse("MAG"))).isEqualTo(4);
        assertThat(stockChanged(stock.client)).extracting(StockChanged::sku).contains("PHONE");

        // a redelivery changes nothing
        for (long id : ids) {
            assertThat(allocator.allocate(id).allocated()).isFalse();
        }
        assertThat(ids.stream().mapToInt(orders::allocated).sum()).isEqualTo(7);
    }

    @Test
    void aBatchAllocatesItsOrdersInIdOrderEachSeeingWhatTheEarlierOnesTookWhateverTheirAccount() {
        StockFixture stock = new StockFixture(jdbc, sync, THREE_ACCOUNTS);
        OrderFixture orders = new OrderFixture(jdbc);
        long phone = stock.sku("PHONE");
        long case_ = stock.sku("CASE");
        stock.stock("PHONE", "MAG", "available", 2);
        stock.stock("PHONE", "WRO", "available", 1);
        stock.stock("CASE", "MAG", "available", 1);
        long first = orders.order(stock.clientId, stock.account("bm"), true, false,
                List.of(OrderFixture.Line.of("PHONE", phone, 2), OrderFixture.Line.of("CASE", case_, 1)));
        long second = orders.order(stock.clientId, stock.account("woo"), true, false, // splits: takes the last PHONE in WRO
                List.of(OrderFixture.Line.of("PHONE", phone, 1)));
        long third = orders.order(stock.clientId, stock.account("bm-be"), true, false,
                List.of(OrderFixture.Line.of("PHONE", phone, 1), OrderFixture.Line.of("CASE", case_, 1)));
        long redelivered = orders.order(stock.clientId, stock.account("bm"), true, false,
                List.of(OrderFixture.Line.of("CASE", case_, 1)));
        stock.stock("CASE", "WRO", "available", 1);
        allocator.allocate(redelivered); // allocated before: in the batch again, as a redelivery would be

        List<CommitGroup.Result<AllocationResult>> results = allocator.allocateBatch(List.of(third, second, redelivered, first));

        assertThat(results).extracting(CommitGroup.Result::failure).containsOnlyNulls();
        assertThat(results.get(2).value().allocated()).as("nothing allocated twice").isFalse();
        assertThat(orders.allocated(first)).isEqualTo(3);
        assertThat(orders.status(first)).isEqualTo("ACCEPTED");
        assertThat(orders.allocated(second)).isEqualTo(1);
        assertThat(orders.status(second)).isEqualTo("ACCEPTED");
        assertThat(orders.allocated(third)).as("what the earlier orders of the batch took is gone, on every account").isZero();
        assertThat(orders.missing(third)).isEqualTo(2);
        assertThat(orders.status(third)).isEqualTo("HELD");
        assertThat(jdbc.queryForObject("SELECT COALESCE(SUM(quantity), 0) FROM allocation WHERE sku_id = ? AND status = 'OPEN'",
                Integer.class, phone)).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT COALESCE(SUM(quantity), 0) FROM allocation WHERE sku_id = ? AND status = 'OPEN'",
                Integer.class, case_)).isEqualTo(2);
    }

    @Test
    void highestPriorityCentreWithEnoughGetsTheLine() {
        StockFixture stock = new StockFixture(jdbc, sync, THREE_ACCOUNTS);
        OrderFixture orders = new OrderFixture(jdbc);
        long sku = stock.sku("CASE");
        stock.stock("CASE", "MAG", "available", 1);
        stock.stock("CASE", "WRO", "available", 5);

        long one = orders.order(stock.clientId, stock.account("bm"), true, false, List.of(OrderFixture.Line.of("CASE", sku, 1)));
        long three = orders.order(stock.clientId, stock.account("bm"), true, false, List.of(OrderFixture.Line.of("CASE", sku, 3)));
        allocator.allocate(one);
        allocator.allocate(three);

        assertThat(orders.allocations(one)).containsExactly(new long[] {stock.warehouse("MAG"), 1});
        assertThat(orders.allocations(three)).containsExactly(new long[] {stock.warehouse("WRO"), 3}); // MAG has none left
        assertThat(orders.status(three)).isEqualTo("ACCEPTED");
    }

    @Test
    void splitsOnlyWhenTheAccountAllowsIt() {
        StockFixture stock = new StockFixture(jdbc, sync, THREE_ACCOUNTS);
        OrderFixture orders = new OrderFixture(jdbc);
        long sku = stock.sku("CABLE");
        stock.stock("CABLE", "MAG", "available", 2);
        stock.stock("CABLE", "WRO", "available", 2);

        long noSplit = orders.order(stock.clientId, stock.account("bm"), true, false, List.of(OrderFixture.Line.of("CABLE", sku, 3)));
        allocator.allocate(noSplit);
        assertThat(orders.allocated(noSplit)).isEqualTo(2);
        assertThat(orders.missing(noSplit)).isEqualTo(1);
        assertThat(orders.oversold(noSplit)).isTrue();
        assertThat(orders.status(noSplit)).isEqualTo("HELD");
        assertThat(jdbc.queryForObject("SELECT hold_reason FROM sales_order WHERE id = ?", String.class, noSplit))
                .contains("CABLE x1");

        jdbc.update("UPDATE stock_level SET quantity = 2 WHERE sku_id = ?", sku); // back to 2 + 2 free after a release
        jdbc.update("UPDATE allocation SET status = 'RELEASED', closed_at = CURRENT_TIMESTAMP WHERE sku_id = ?", sku);
        long split = orders.order(stock.clientId, stock.account("woo"), false, false, List.of(OrderFixture.Line.of("CABLE", sku, 3)));
        allocator.allocate(split);
        assertThat(orders.allocations(split)).containsExactly(new long[] {stock.warehouse("MAG"), 2}, new long[] {stock.warehouse("WRO"), 1});
        assertThat(orders.oversold(split)).isFalse();
        assertThat(orders.status(split)).isEqualTo("AWAITING_PAYMENT"); // not paid, not cash on delivery
    }

    @Test
    void refusingAccountAllocatesNothingToAnIncompleteLineAndCancelsAnEmptyOrder() {
        StockFixture stock = new StockFixture(jdbc, sync, THREE_ACCOUNTS);
        OrderFixture orders = new OrderFixture(jdbc);
        long a = stock.sku("A");
        long b = stock.sku("B");
        stock.stock("A", "MAG", "available", 1);
        stock.stock("B", "MAG", "available", 5);

        long partly = orders.order(stock.clientId, stock.account("woo-strict"), false, true,
                List.of(OrderFixture.Line.of("A", a, 2), OrderFixture.Line.of("B", b, 1)));
        allocator.allocate(partly);
        assertThat(orders.allocated(partly)).isEqualTo(1); // B only: A is refused whole
        assertThat(orders.missing(partly)).isEqualTo(2);
        assertThat(orders.oversold(partly)).isTrue();
        assertThat(orders.status(partly)).isEqualTo("ACCEPTED"); // cash on delivery counts as paid

        long nothing = orders.order(stock.clientId, stock.account("woo-strict"), true, false, List.of(OrderFixture.Line.of("A", a, 2)));
        allocator.allocate(nothing);
        assertThat(orders.allocated(nothing)).isZero();
        assertThat(orders.status(nothing)).isEqualTo("CANCELLED");
    }

    private List<StockChanged> stockChanged(String client) throws Exception {
        jms.setReceiveTimeout(1000);
        List<StockChanged> changes = new ArrayList<>();
        Message m;
        while ((m = jms.receiveSelected(TestBeans.STOCK_CHANGED_COPY, "kanalClient = '" + client + "'")) != null) {
            changes.add(json.readValue(m.getBody(String.class), StockChanged.class));
        }
        return changes;
    }
}
