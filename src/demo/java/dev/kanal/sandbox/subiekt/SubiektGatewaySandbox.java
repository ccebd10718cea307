package dev.kanal.sandbox.subiekt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.SourceType;
import dev.kanal.connector.subiekt.SourceDataSources;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox ERP's write side: a Subiekt-GT-style REST gateway (shared/api-contracts.md §9.2)
 * over the sandbox tables of {@link SubiektSandboxDatabase}, one per sandbox client.
 *
 * <p>{@code POST /sandbox/subiekt/{client}/gateway?c=<object/method>} with
 * {@code {"api_key":"...","data":{...}}}; every answer is HTTP 200 with
 * {@code {"status":"success","data":{...}}} or {@code {"status":"fail","message":"..."}}, except
 * faults injected with an HTTP status. The key accepted is the client file's
 * {@code source.api-key}; when the file sets none, only a request without a key (absent, null or
 * empty). {@code order/add} runs one at a time per client, as the real gateway drives Subiekt's
 * single-user object API. Switches (latency, commit-then-timeout, failures) are set under
 * {@code /sandbox/subiekt/{client}/_control/gateway}. See docs/sandboxes.md.
 */
@RestController
@ConditionalOnProperty(name = "kanal.sandbox.enabled", havingValue = "true", matchIfMissing = true)
public class SubiektGatewaySandbox {

    /** dok_Typ of a customer order (ZK, zamówienie od klienta). */
    static final int ZK = 16;
    /** dok_Typ of a return from a customer (ZW). */
    static final int ZW = 14;
    /** dok_Typ of an internal receipt (PW): a return's units taken into stock after inspection. */
    static final int PW = 12;
    static final long DEFAULT_STALL_MS = 60_000;
    static final String DEFAULT_FAIL_MESSAGE = "Sfera GT: the ERP is busy, try again later";

    private static final Logger log = LoggerFactory.getLogger(SubiektGatewaySandbox.class);

    private final ClientRegistry clients;
    private final SourceDataSources sources;
    private final SubiektSandboxDatabase database = new SubiektSandboxDatabase();
    private final SubiektSandboxSales sales = new SubiektSandboxSales();
    private final ObjectMapper json = new ObjectMapper();
    private final ConcurrentMap<String, Gateway> gateways = new ConcurrentHashMap<>();

    public SubiektGatewaySandbox(ClientRegistry clients, SourceDataSources sources) {
        this.clients = clients;
        this.sources = sources;
    }

    /** Switches of one client's gateway, as the control API takes and shows them; null fields keep their value. */
    public record Switches(Long latencyMs, Integer commitThenTimeout, Long stallMs, Integer failNext, String failMethod,
            Integer failStatus, String failMessage) {
    }

    /** One client's gateway: its single-writer lock, switches and counters. */
    private static final class Gateway {
        final ReentrantLock writer = new ReentrantLock(true);
        long latencyMs;
        int commitThenTimeout;
        long stallMs = DEFAULT_STALL_MS;
        int failNext;
        String failMethod;
        int failStatus = 503;
        String failMessage = DEFAULT_FAIL_MESSAGE;
        final ConcurrentMap<String, AtomicLong> calls = new ConcurrentHashMap<>();
        final AtomicLong ordersAdded = new AtomicLong();
        final AtomicLong timeoutsAfterCommit = new AtomicLong();

        synchronized void apply(Switches s) {
            if (s.latencyMs() != null) {
                latencyMs = Math.max(0, s.latencyMs());
            }
            if (s.commitThenTimeout() != null) {
                commitThenTimeout = Math.max(0, s.commitThenTimeout());
            }
            if (s.stallMs() != null) {
                stallMs = Math.max(0, s.stallMs());
            }
            if (s.failNext() != null) {
                failNext = Math.max(0, s.failNext());
            }
            if (s.failMethod() != null) {
                failMethod = s.failMethod().isBlank() ? null : s.failMethod();
            }
            if (s.failStatus() != null) {
                failStatus = s.failStatus();
            }
            if (s.failMessage() != null) {
                failMessage = s.failMessage();
            }
        }

        synchronized void reset() {
            latencyMs = 0;
            commitThenTimeout = 0;
            stallMs = DEFAULT_STALL_MS;
            failNext = 0;
            failMethod = null;
            failStatus = 503;
            failMessage = DEFAULT_FAIL_MESSAGE;
            calls.clear();
            ordersAdded.set(0);
            timeoutsAfterCommit.set(0);
        }

        synchronized Switches switches() {
            return new Switches(latencyMs, commitThenTimeout, stallMs, failNext, failMethod, failStatus, failMessage);
        }

        synchronized boolean takeFault(String method) {
            if (failNext > 0 && (failMethod == null || failMethod.equals(method))) {
                failNext--;
                return true;
            }
            return false;
        }

        synchronized boolean takeCommitThenTimeout() {
            if (commitThenTimeout > 0) {
                commitThenTimeout--;
                return true;
            }
            return false;
        }

        synchronized long latency() {
            return latencyMs;
        }
    }

    /** A refusal the gateway answers as {@code {"status":"fail","message":...}}. */
    static final class Fail extends RuntimeException {
        Fail(String message) {
            super(message, null, false, false);
        }
    }

    // ------------------------------------------------------------------ gateway

    @PostMapping(path = "/sandbox/subiekt/{client}/gateway", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> call(@PathVariable String client, @RequestParam(name = "c", required = false) String method,
            @RequestBody(required = false) String body) {
        Optional<ClientConfig> config = clients.find(client).filter(c -> c.source().type() == SourceType.SUBIEKT);
        if (config.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML)
                    .body("<html><body><h1>404 Not Found</h1></body></html>");
        }
        Gateway gateway = gateway(client);
        JsonNode request;
        try {
            request = json.readTree(body == null ? "" : body);
        } catch (Exception e) {
            request = null;
        }
        if (request == null || !request.isObject()) {
            return fail("request body is not a JSON object");
        }
        JsonNode key = request.get("api_key");
        if (key == null) {
            return fail("api_key missing");
        }
        if (!keyAccepted(config.get().source().apiKey(), key.isNull() ? "" : key.asText())) {
            return fail("unknown api_key");
        }
        gateway.calls.computeIfAbsent(String.valueOf(method), m -> new AtomicLong()).incrementAndGet();
        if (gateway.takeFault(method)) {
            Switches s = gateway.switches();
            if (s.failStatus() == 200) {
                return fail(s.failMessage());
            }
            return ResponseEntity.status(s.failStatus()).contentType(MediaType.TEXT_HTML)
                    .body("<html><body><h1>" + s.failStatus() + "</h1><p>" + s.failMessage() + "</p></body></html>");
        }
        JsonNode data = request.path("data");
        DataSource erp = sources.of(client, config.get().source());
        try {
            if ("order/add".equals(method)) {
                return orderAdd(client, gateway, erp, data);
            }
            pause(gateway.latency());
            database.ensureSchema(erp);
            Map<String, Object> answer = switch (String.valueOf(method)) {
                case "order/get" -> orderGet(erp, text(data, "order_ref"));
                case "order/getState" -> orderState(erp, text(data, "order_ref"));
                case "order/find" -> orderFind(erp, text(data, "reference"));
                case "order/delete" -> orderDelete(gateway, erp, text(data, "order_ref"));
                case "order/makeSaleDoc" -> makeSaleDoc(gateway, erp, data);
                case "document/getPdf" -> documentPdf(erp, text(data, "doc_ref"));
                case "order/getPdf" -> documentPdf(erp, text(data, "order_ref"));
                case "product/get" -> productGet(erp, data);
                case "return/add" -> returnAdd(gateway, erp, data);
                case "return/find" -> returnFind(erp, text(data, "reference"));
                case "return/restock" -> returnRestock(gateway, erp, data);
                default -> throw new Fail("unknown method: " + method);
            };
            return success(answer);
        } catch (Fail e) {
            return fail(e.getMessage());
        }
    }

    static boolean keyAccepted(String configured, String given) {
        if (configured == null || configured.isEmpty()) {
            return given.isEmpty();
        }
        return java.security.MessageDigest.isEqual(configured.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                given.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private ResponseEntity<?> orderAdd(String client, Gateway gateway, DataSource erp, JsonNode data) {
        Map<String, Object> answer;
        gateway.writer.lock();
        try {
            pause(gateway.latency());
            database.ensureSchema(erp);
            answer = new TransactionTemplate(new DataSourceTransactionManager(erp)).execute(tx -> insertOrder(erp, data));
            gateway.ordersAdded.incrementAndGet();
        } finally {
            gateway.writer.unlock();
        }
        if (gateway.takeCommitThenTimeout()) {
            gateway.timeoutsAfterCommit.incrementAndGet();
            long stall = gateway.switches().stallMs();
            log.info("Sandbox gateway of {}: {} saved, stalling {} ms before answering", client, answer.get("order_ref"), stall);
            pause(stall);
        }
        return success(answer);
    }

    private Map<String, Object> insertOrder(DataSource erp, JsonNode data) {
        JdbcTemplate jdbc = new JdbcTemplate(erp);
        JsonNode products = data.path("products");
        if (!products.isArray() || products.isEmpty()) {
            throw new Fail("the order has no products");
        }
        boolean createMissing = data.path("create_product_if_not_exists").asBoolean(false);
        List<Object[]> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode product : products) {
            String code = product.path("code").asText("").trim();
            if (code.isEmpty()) {
                throw new Fail("a product has no code");
            }
            BigDecimal qty = decimal(product, "qty", "quantity of " + code);
            BigDecimal price = decimal(product, "price", "price of " + code);
            if (qty.signum() <= 0) {
                throw new Fail("quantity of " + code + " must be above zero");
            }
            if (price.signum() < 0) {
                throw new Fail("price of " + code + " must not be negative");
            }
            List<Integer> ids = jdbc.queryForList(
                    "SELECT tw_Id FROM tw__Towar WHERE tw_Symbol = ? AND tw_Usuniety = FALSE", Integer.class, code);
            Integer productId;
            if (!ids.isEmpty()) {
                productId = ids.get(0);
            } else if (createMissing) {
                String name = product.path("name").asText(code);
                jdbc.update("INSERT INTO tw__Towar (tw_Symbol, tw_Nazwa) VALUES (?, ?)", code, name.isBlank() ? code : name);
                productId = jdbc.queryForObject("SELECT tw_Id FROM tw__Towar WHERE tw_Symbol = ?", Integer.class, code);
            } else {
                throw new Fail("unknown product: " + code);
            }
            BigDecimal value = qty.multiply(price).setScale(2, RoundingMode.HALF_UP);
            total = total.add(value);
            lines.add(new Object[] {productId, qty, value});
        }
        if (total.signum() <= 0) {
            throw new Fail("zero-value document: the order's total is " + total);
        }
        LocalDate today = LocalDate.now();
        String suffix = "/%02d/%d".formatted(today.getMonthValue(), today.getYear());
        // the month's counter (every order/add of the client runs under its writer lock); seeded from the ZKs there
        int next = database.nextNumber(jdbc, ZK, suffix, () -> highestZk(jdbc, suffix));
        String number = "ZK " + next + suffix;
        String reference = data.path("reference").isNull() ? null : data.path("reference").asText(null);
        jdbc.update("INSERT INTO dok__Dokument (dok_Typ, dok_NrPelny, dok_NrPelnyOryg, dok_WartBrutto) VALUES (?, ?, ?, ?)",
                ZK, number, reference, total);
        Integer documentId = jdbc.queryForObject("SELECT dok_Id FROM dok__Dokument WHERE dok_NrPelny = ? AND dok_Typ = ?",
                Integer.class, number, ZK);
        for (Object[] line : lines) {
            jdbc.update("INSERT INTO dok_Pozycja (ob_DokHanId, ob_TowId, ob_Ilosc, ob_WartBrutto) VALUES (?, ?, ?, ?)",
                    documentId, line[0], line[1], line[2]);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("order_ref", number);
        answer.put("order_amount", total);
        return answer;
    }

    /** The highest ZK number of a period ({@code /MM/YYYY}) among the documents there: read only to seed or correct the counter. */
    private static int highestZk(JdbcTemplate jdbc, String suffix) {
        return jdbc.queryForList("SELECT dok_NrPelny FROM dok__Dokument WHERE dok_Typ = ? AND dok_NrPelny LIKE ?", String.class, ZK,
                "ZK %" + suffix).stream().mapToInt(number -> parseNumber(number, suffix)).max().orElse(0);
    }

    private static int parseNumber(String number, String suffix) {
        try {
            return Integer.parseInt(number.substring(3, number.length() - suffix.length()).trim());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private Map<String, Object> orderGet(DataSource erp, String orderRef) {
        Map<String, Object> order = order(erp, orderRef);
        JdbcTemplate jdbc = new JdbcTemplate(erp);
        order.put("products", jdbc.query("""
                SELECT t.tw_Symbol, t.tw_Nazwa, p.ob_Ilosc, p.ob_WartBrutto FROM dok_Pozycja p
                JOIN tw__Towar t ON t.tw_Id = p.ob_TowId JOIN dok__Dokument d ON d.dok_Id = p.ob_DokHanId
                WHERE d.dok_Typ = ? AND d.dok_NrPelny = ? ORDER BY p.ob_Id""", (rs, i) -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("code", rs.getString(1));
            line.put("name", rs.getString(2));
            BigDecimal qty = rs.getBigDecimal(3).stripTrailingZeros();
            line.put("qty", qty);
            line.put("price", rs.getBigDecimal(4).divide(rs.getBigDecimal(3), 2, RoundingMode.HALF_UP));
            line.put("amount", rs.getBigDecimal(4));
            return line;
        }, ZK, orderRef));
        return order;
    }

    private Map<String, Object> orderState(DataSource erp, String orderRef) {
        Map<String, Object> order = order(erp, orderRef);
        Map<String, Object> state = new LinkedHashMap<>();
        for (String key : List.of("order_ref", "state", "order_amount", "sell_doc")) {
            state.put(key, order.get(key));
        }
        return state;
    }

    private Map<String, Object> orderFind(DataSource erp, String reference) {
        List<Map<String, Object>> orders = new JdbcTemplate(erp).query("""
                SELECT dok_Id FROM dok__Dokument WHERE dok_Typ = ? AND dok_NrPelnyOryg = ? ORDER BY dok_Id""",
                (rs, i) -> rs.getInt(1), ZK, reference).stream().map(id -> orderById(erp, id)).toList();
        return Map.of("orders", orders);
    }

    private Map<String, Object> orderDelete(Gateway gateway, DataSource erp, String orderRef) {
        gateway.writer.lock();
        try {
            Map<String, Object> order = order(erp, orderRef);
            if (order.get("sell_doc") != null) {
                throw new Fail("order " + orderRef + " has a sale document " + order.get("sell_doc") + " and cannot be deleted");
            }
            int id = (Integer) order.remove("_id");
            new TransactionTemplate(new DataSourceTransactionManager(erp)).executeWithoutResult(tx -> {
                JdbcTemplate jdbc = new JdbcTemplate(erp);
                jdbc.update("DELETE FROM dok_Pozycja WHERE ob_DokHanId = ?", id);
                jdbc.update("DELETE FROM dok__Dokument WHERE dok_Id = ?", id);
                int slash = orderRef.indexOf('/');
                if (slash > 0) { // as Subiekt, the next ZK numbers after the highest left: a deleted last number is given again
                    String suffix = orderRef.substring(slash);
                    database.setLastNumber(jdbc, ZK, suffix, highestZk(jdbc, suffix));
                }
            });
            return Map.of("order_ref", orderRef, "deleted", true);
        } finally {
            gateway.writer.unlock();
        }
    }

    /**
     * {@code order/makeSaleDoc}: the ZK ({@code order_ref}) realized into an FS, or a PA with
     * {@code "doc_type":"PA"}; answers {@code doc_ref}, {@code doc_amount}, {@code doc_state} and the
     * document's PDF as base64 {@code doc_pdf}. One writer at a time, as every gateway write.
     */
    private Map<String, Object> makeSaleDoc(Gateway gateway, DataSource erp, JsonNode data) {
        gateway.writer.lock();
        try {
            Map<String, Object> answer = new LinkedHashMap<>(sales.make(erp, text(data, "order_ref"), null,
                    data.path("doc_type").asText("FS")));
            answer.put("doc_pdf", java.util.Base64.getEncoder().encodeToString(sales.pdf(erp, (String) answer.get("doc_ref"))));
            return answer;
        } catch (SubiektSandboxSales.SaleRefused e) {
            throw new Fail(e.getMessage());
        } finally {
            gateway.writer.unlock();
        }
    }

    /**
     * A return of sold units (a ZW, {@code dok_Typ} 14, pointing at the ZK): {@code order_ref},
     * {@code reference} (kept as the original number; {@code return/find} looks it up),
     * {@code warehouse}, {@code to_stock} (true: the warehouse's stock rises now), {@code reason},
     * {@code products:[{code, qty, serials?}]}. Refused: an unknown ZK or product, a product the ZK
     * does not hold or more units than it sold, an unknown warehouse. Valued at the ZK's prices.
     */
    private Map<String, Object> returnAdd(Gateway gateway, DataSource erp, JsonNode data) {
        gateway.writer.lock();
        try {
            Map<String, Object> order = order(erp, text(data, "order_ref"));
            int zk = (Integer) order.get("_id");
            String reference = text(data, "reference");
            String warehouse = text(data, "warehouse");
            boolean toStock = data.path("to_stock").asBoolean(false);
            JsonNode products = data.path("products");
            if (!products.isArray() || products.isEmpty()) {
                throw new Fail("the return has no products");
            }
            return new TransactionTemplate(new DataSourceTransactionManager(erp)).execute(tx -> {
                JdbcTemplate jdbc = new JdbcTemplate(erp);
                List<Integer> warehouses = jdbc.queryForList("SELECT mag_Id FROM sl_Magazyn WHERE mag_Symbol = ?", Integer.class, warehouse);
                if (warehouses.isEmpty()) {
                    throw new Fail("unknown warehouse: " + warehouse);
                }
                List<Object[]> lines = new ArrayList<>();
                BigDecimal total = BigDecimal.ZERO;
                for (JsonNode product : products) {
                    String code = product.path("code").asText("");
                    BigDecimal qty = decimal(product, "qty", "quantity of " + code);
                    List<Map<String, Object>> sold = jdbc.queryForList("""
                            SELECT p.ob_TowId AS product, SUM(p.ob_Ilosc) AS qty, SUM(p.ob_WartBrutto) AS amount FROM dok_Pozycja p
                              JOIN tw__Towar t ON t.tw_Id = p.ob_TowId WHERE p.ob_DokHanId = ? AND t.tw_Symbol = ? GROUP BY p.ob_TowId""",
                            zk, code);
                    if (sold.isEmpty()) {
                        throw new Fail("order " + order.get("order_ref") + " has no product " + code);
                    }
                    BigDecimal soldQty = (BigDecimal) sold.get(0).get("qty");
                    if (qty.signum() <= 0 || qty.compareTo(soldQty) > 0) {
                        throw new Fail("quantity of " + code + " must be between 1 and " + soldQty.stripTrailingZeros().toPlainString());
                    }
                    BigDecimal value = ((BigDecimal) sold.get(0).get("amount")).multiply(qty).divide(soldQty, 2, RoundingMode.HALF_UP);
                    total = total.add(value);
                    lines.add(new Object[] {((Number) sold.get(0).get("product")).intValue(), qty, value, product.path("serials")});
                }
                LocalDate today = LocalDate.now();
                String suffix = "/%02d/%d".formatted(today.getMonthValue(), today.getYear());
                int next = 1 + jdbc.queryForList("SELECT dok_NrPelny FROM dok__Dokument WHERE dok_Typ = ? AND dok_NrPelny LIKE ?",
                        String.class, ZW, "ZW %" + suffix).stream().mapToInt(number -> parseNumber(number, suffix)).max().orElse(0);
                String number = "ZW " + next + suffix;
                jdbc.update("""
                        INSERT INTO dok__Dokument (dok_Typ, dok_NrPelny, dok_NrPelnyOryg, dok_Status, dok_DoDokId, dok_WartBrutto, dok_MagId)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""", ZW, number, reference, toStock ? 1 : 0, zk, total, warehouses.get(0));
                int zw = jdbc.queryForObject("SELECT dok_Id FROM dok__Dokument WHERE dok_Typ = ? AND dok_NrPelny = ?", Integer.class, ZW, number);
                for (Object[] line : lines) {
                    jdbc.update("INSERT INTO dok_Pozycja (ob_DokMagId, ob_TowId, ob_Ilosc, ob_WartBrutto) VALUES (?, ?, ?, ?)",
                            zw, line[0], line[1], line[2]);
                    int position = jdbc.queryForObject("SELECT MAX(ob_Id) FROM dok_Pozycja WHERE ob_DokMagId = ? AND ob_TowId = ?",
                            Integer.class, zw, line[0]);
                    for (JsonNode serial : (JsonNode) line[3]) {
                        jdbc.update("INSERT INTO dok_NumerSeryjny (ns_PozId, ns_Numer) VALUES (?, ?)", position, serial.asText());
                    }
                    if (toStock && jdbc.update("UPDATE tw_Stan SET st_Stan = st_Stan + ? WHERE st_TowId = ? AND st_MagId = ?",
                            line[1], line[0], warehouses.get(0)) == 0) {
                        jdbc.update("INSERT INTO tw_Stan (st_TowId, st_MagId, st_Stan, st_StanRez) VALUES (?, ?, ?, 0)",
                                line[0], warehouses.get(0), line[1]);
                    }
                }
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("doc_ref", number);
                answer.put("doc_amount", total);
                answer.put("order_ref", order.get("order_ref"));
                answer.put("to_stock", toStock);
                return answer;
            });
        } finally {
            gateway.writer.unlock();
        }
    }

    /** {@code document/getPdf} (and {@code order/getPdf} for a ZK): {@code doc_ref} and the PDF as base64 {@code doc_pdf}. */
    private Map<String, Object> documentPdf(DataSource erp, String docRef) {
        try {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("doc_ref", docRef);
            answer.put("doc_pdf", java.util.Base64.getEncoder().encodeToString(sales.pdf(erp, docRef)));
            return answer;
        } catch (SubiektSandboxSales.SaleRefused e) {
            throw new Fail(e.getMessage());
        }
    }

    /**
     * Return documents under a reference: a ZW ({@code return/add}) or a PW that took a ZW's units
     * into stock after inspection ({@code return/restock}; {@code order_ref} is then the ZW).
     */
    private Map<String, Object> returnFind(DataSource erp, String reference) {
        List<Map<String, Object>> returns = new JdbcTemplate(erp).query("""
                SELECT d.dok_NrPelny, d.dok_WartBrutto, d.dok_Status, z.dok_NrPelny, d.dok_Typ FROM dok__Dokument d
                  LEFT JOIN dok__Dokument z ON z.dok_Id = d.dok_DoDokId
                 WHERE d.dok_Typ IN (?, ?) AND d.dok_NrPelnyOryg = ? ORDER BY d.dok_Id""", (rs, i) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("doc_ref", rs.getString(1));
            one.put("doc_amount", rs.getBigDecimal(2));
            one.put("to_stock", rs.getInt(3) == 1);
            one.put("order_ref", rs.getString(4));
            one.put("kind", rs.getInt(5) == ZW ? "ZW" : "PW");
            return one;
        }, ZW, PW, reference);
        return Map.of("returns", returns);
    }

    /**
     * Takes units of a return recorded without stock (a ZW with {@code to_stock} false) into stock
     * once inspected: a PW ({@code dok_Typ} 12, internal receipt) pointing at the ZW, in its
     * warehouse, under {@code reference}, with the serials; the warehouse's stock rises. Refused:
     * an unknown ZW, one that took its units into stock already, a product it does not hold, more
     * units than it holds less earlier receipts.
     */
    private Map<String, Object> returnRestock(Gateway gateway, DataSource erp, JsonNode data) {
        gateway.writer.lock();
        try {
            String docRef = text(data, "doc_ref");
            String reference = text(data, "reference");
            JsonNode products = data.path("products");
            if (!products.isArray() || products.isEmpty()) {
                throw new Fail("the receipt has no products");
            }
            return new TransactionTemplate(new DataSourceTransactionManager(erp)).execute(tx -> {
                JdbcTemplate jdbc = new JdbcTemplate(erp);
                List<Map<String, Object>> zws = jdbc.queryForList(
                        "SELECT dok_Id, dok_Status, dok_MagId FROM dok__Dokument WHERE dok_Typ = ? AND dok_NrPelny = ?", ZW, docRef);
                if (zws.isEmpty()) {
                    throw new Fail("return not found: " + docRef);
                }
                int zw = ((Number) zws.get(0).get("dok_Id")).intValue();
                if (((Number) zws.get(0).get("dok_Status")).intValue() == 1) {
                    throw new Fail("return " + docRef + " took its units into stock already");
                }
                Object warehouse = zws.get(0).get("dok_MagId");
                List<Object[]> lines = new ArrayList<>();
                BigDecimal total = BigDecimal.ZERO;
                for (JsonNode product : products) {
                    String code = product.path("code").asText("");
                    BigDecimal qty = decimal(product, "qty", "quantity of " + code);
                    List<Map<String, Object>> held = jdbc.queryForList("""
                            SELECT p.ob_TowId AS product, SUM(p.ob_Ilosc) AS qty, SUM(p.ob_WartBrutto) AS amount FROM dok_Pozycja p
                              JOIN tw__Towar t ON t.tw_Id = p.ob_TowId WHERE p.ob_DokMagId = ? AND t.tw_Symbol = ? GROUP BY p.ob_TowId""",
                            zw, code);
                    if (held.isEmpty()) {
                        throw new Fail("return " + docRef + " has no product " + code);
                    }
                    BigDecimal received = jdbc.queryForObject("""
                            SELECT COALESCE(SUM(p.ob_Ilosc), 0) FROM dok_Pozycja p JOIN dok__Dokument d ON d.dok_Id = p.ob_DokMagId
                             WHERE d.dok_Typ = ? AND d.dok_DoDokId = ? AND p.ob_TowId = ?""", BigDecimal.class, PW, zw,
                            held.get(0).get("product"));
                    BigDecimal left = ((BigDecimal) held.get(0).get("qty")).subtract(received);
                    if (qty.signum() <= 0 || qty.compareTo(left) > 0) {
                        throw new Fail("quantity of " + code + " must be between 1 and " + left.stripTrailingZeros().toPlainString()
                                + " (units of the return not taken into stock yet)");
                    }
                    BigDecimal value = ((BigDecimal) held.get(0).get("amount")).multiply(qty)
                            .divide((BigDecimal) held.get(0).get("qty"), 2, RoundingMode.HALF_UP);
                    total = total.add(value);
                    lines.add(new Object[] {((Number) held.get(0).get("product")).intValue(), qty, value, product.path("serials")});
                }
                LocalDate today = LocalDate.now();
                String suffix = "/%02d/%d".formatted(today.getMonthValue(), today.getYear());
                int next = 1 + jdbc.queryForList("SELECT dok_NrPelny FROM dok__Dokument WHERE dok_Typ = ? AND dok_NrPelny LIKE ?",
                        String.class, PW, "PW %" + suffix).stream().mapToInt(number -> parseNumber(number, suffix)).max().orElse(0);
                String number = "PW " + next + suffix;
                jdbc.update("""
                        INSERT INTO dok__Dokument (dok_Typ, dok_NrPelny, dok_NrPelnyOryg, dok_Status, dok_DoDokId, dok_WartBrutto, dok_MagId)
                        VALUES (?, ?, ?, 1, ?, ?, ?)""", PW, number, reference, zw, total, warehouse);
                int pw = jdbc.queryForObject("SELECT dok_Id FROM dok__Dokument WHERE dok_Typ = ? AND dok_NrPelny = ?", Integer.class, PW, number);
                for (Object[] line : lines) {
                    jdbc.update("INSERT INTO dok_Pozycja (ob_DokMagId, ob_TowId, ob_Ilosc, ob_WartBrutto) VALUES (?, ?, ?, ?)",
                            pw, line[0], line[1], line[2]);
                    int position = jdbc.queryForObject("SELECT MAX(ob_Id) FROM dok_Pozycja WHERE ob_DokMagId = ? AND ob_TowId = ?",
                            Integer.class, pw, line[0]);
                    for (JsonNode serial : (JsonNode) line[3]) {
                        jdbc.update("INSERT INTO dok_NumerSeryjny (ns_PozId, ns_Numer) VALUES (?, ?)", position, serial.asText());
                    }
                    if (jdbc.update("UPDATE tw_Stan SET st_Stan = st_Stan + ? WHERE st_TowId = ? AND st_MagId = ?",
                            line[1], line[0], warehouse) == 0) {
                        jdbc.update("INSERT INTO tw_Stan (st_TowId, st_MagId, st_Stan, st_StanRez) VALUES (?, ?, ?, 0)",
                                line[0], warehouse, line[1]);
                    }
                }
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("doc_ref", number);
                answer.put("doc_amount", total);
                answer.put("return_ref", docRef);
                return answer;
            });
        } finally {
            gateway.writer.unlock();
        }
    }

    private Map<String, Object> productGet(DataSource erp, JsonNode data) {
        JdbcTemplate jdbc = new JdbcTemplate(erp);
        String code = data.path("code").asText("");
        String ean = data.path("ean").asText("");
        if (code.isEmpty() && ean.isEmpty()) {
            throw new Fail("give a product code or ean");
        }
        List<Map<String, Object>> found = jdbc.query("""
                SELECT tw_Id, tw_Symbol, tw_Nazwa, tw_PodstKodKresk, tw_Zablokowany FROM tw__Towar
                WHERE tw_Usuniety = FALSE AND (tw_Symbol = ? OR tw_PodstKodKresk = ?) ORDER BY tw_Id""", (rs, i) -> {
            Map<String, Object> product = new LinkedHashMap<>();
            product.put("_id", rs.getInt(1));
            product.put("code", rs.getString(2));
            product.put("name", rs.getString(3));
            product.put("ean", rs.getString(4));
            product.put("blocked", rs.getBoolean(5));
            return product;
        }, code.isEmpty() ? null : code, ean.isEmpty() ? null : ean);
        if (found.isEmpty()) {
            throw new Fail("unknown product: " + (code.isEmpty() ? "ean " + ean : code));
        }
        Map<String, Object> product = found.get(0);
        int id = (Integer) product.remove("_id");
        product.put("stock", jdbc.query("""
                SELECT m.mag_Symbol, s.st_Stan, s.st_StanRez FROM tw_Stan s JOIN sl_Magazyn m ON m.mag_Id = s.st_MagId
                WHERE s.st_TowId = ? ORDER BY m.mag_Id""", (rs, i) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("warehouse", rs.getString(1));
            row.put("on_hand", rs.getBigDecimal(2).stripTrailingZeros().toPlainString());
            row.put("reserved", rs.getBigDecimal(3).stripTrailingZeros().toPlainString());
            return row;
        }, id));
        return product;
    }

    /** The ZK by number with its internal id under {@code _id}; fails when there is none. */
    private Map<String, Object> order(DataSource erp, String orderRef) {
        List<Integer> ids = new JdbcTemplate(erp).queryForList(
                "SELECT dok_Id FROM dok__Dokument WHERE dok_Typ = ? AND dok_NrPelny = ?", Integer.class, ZK, orderRef);
        if (ids.isEmpty()) {
            throw new Fail("order not found: " + orderRef);
        }
        Map<String, Object> order = orderById(erp, ids.get(0));
        order.put("_id", ids.get(0));
        return order;
    }

    private Map<String, Object> orderById(DataSource erp, int id) {
        return new JdbcTemplate(erp).queryForObject("""
                SELECT d.dok_NrPelny, d.dok_NrPelnyOryg, d.dok_WartBrutto, d.dok_DataWyst,
                       (SELECT s.dok_NrPelny FROM dok__Dokument s WHERE s.dok_DoDokId = d.dok_Id ORDER BY s.dok_Id LIMIT 1)
                FROM dok__Dokument d WHERE d.dok_Id = ?""", (rs, i) -> {
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("order_ref", rs.getString(1));
            order.put("reference", rs.getString(2));
            order.put("order_amount", rs.getBigDecimal(3));
            order.put("date", rs.getTimestamp(4).toLocalDateTime().toLocalDate().toString());
            String sellDoc = rs.getString(5);
            order.put("state", sellDoc == null ? "open" : "realized");
            order.put("sell_doc", sellDoc);
            return order;
        }, id);
    }

    private static String text(JsonNode data, String field) {
        String value = data.path(field).asText("");
        if (value.isBlank()) {
            throw new Fail(field + " missing");
        }
        return value;
    }

    private static BigDecimal decimal(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new Fail(what + " missing");
        }
        try {
            return new BigDecimal(value.asText());
        } catch (NumberFormatException e) {
            throw new Fail(what + " is not a number: " + value.asText());
        }
    }

    private static void pause(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ResponseEntity<?> success(Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("data", data);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static ResponseEntity<?> fail(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "fail");
        body.put("message", message);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private Gateway gateway(String client) {
        return gateways.computeIfAbsent(client, c -> new Gateway());
    }

    // ------------------------------------------------------------------ control

    @GetMapping("/sandbox/subiekt/{client}/_control/gateway")
    public Map<String, Object> switches(@PathVariable String client) {
        clients.require(client);
        Gateway gateway = gateway(client);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("switches", gateway.switches());
        Map<String, Long> calls = new java.util.TreeMap<>();
        gateway.calls.forEach((method, count) -> calls.put(method, count.get()));
        answer.put("calls", calls);
        answer.put("ordersAdded", gateway.ordersAdded.get());
        answer.put("timeoutsAfterCommit", gateway.timeoutsAfterCommit.get());
        return answer;
    }

    @PutMapping("/sandbox/subiekt/{client}/_control/gateway")
    public Map<String, Object> setSwitches(@PathVariable String client, @RequestBody Switches switches) {
        clients.require(client);
        gateway(client).apply(switches);
        return switches(client);
    }

    @DeleteMapping("/sandbox/subiekt/{client}/_control/gateway")
    public Map<String, Object> clearSwitches(@PathVariable String client) {
        clients.require(client);
        gateway(client).reset();
        return switches(client);
    }
}
