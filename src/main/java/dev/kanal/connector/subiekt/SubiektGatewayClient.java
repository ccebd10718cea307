package dev.kanal.connector.subiekt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.client.config.SourceConfig;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelHttp;
import dev.kanal.connector.ChannelRequest;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.ChannelTransports;
import dev.kanal.connector.RateLimitedException;
import dev.kanal.connector.TrustBundles;
import dev.kanal.connector.TrustedHttpClients;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to a Subiekt-GT-style ERP through its REST gateway (shared/api-contracts.md §9.2).
 *
 * <p><b>Endpoint.</b> {@code <source.gateway-url>/<client id>/gateway?c=<object/method>}, POST,
 * body {@code {"api_key": source.api-key, "data": {...}}} (no key configured: {@code ""}). Every
 * answer is HTTP 200 with {@code status} {@code success} (then {@code data}) or {@code fail}
 * (then {@code message}).
 *
 * <p><b>Failures.</b> Calls go through the shared {@link ChannelHttp} layer (the gateway has no
 * call budget). A {@code fail} answer, and a 4xx but 401/403/408/429 (a wrong gateway URL or
 * client id: sending it again gives the same answer), throw {@link SubiektGatewayException}
 * (not retryable, quarantined at once). A timeout ({@link #DEFAULT_REQUEST_TIMEOUT} unless given),
 * a connection error, 5xx, 401/403/408/429 or a body that is not the gateway's JSON throws
 * {@link SubiektGatewayUnavailableException} (retry with back-off); so does a certificate the
 * source's trust ({@code source.trust-bundle}, else the JVM's) does not accept, with the TLS
 * failure as its cause.
 *
 * <p><b>Idempotent creation.</b> The gateway does not deduplicate, and it can time out after it
 * saved the order. {@link #createOrder} therefore first looks the order up by its channel
 * reference ({@code order/find}) and returns the ZK already there; after a failed
 * {@code order/add} that may have saved it (timeout, connection lost, 5xx) it looks again before
 * it gives up. One residual case stays with the caller: an {@code order/add} still running in the
 * gateway when both lookups are made. Retry after a delay longer than the gateway's slowest
 * {@code order/add}.
 *
 * <p><b>One writer per ERP.</b> Writes ({@code createOrder}, {@code deleteOrder}) to one
 * gateway endpoint go one at a time within this instance (a lock per endpoint); several Kanal
 * instances must serialize them themselves (e.g. one consumer per client).
 */
public class SubiektGatewayClient {

    /** Per request: Subiekt's object API saves an order in seconds, a busy one in tens of seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(SubiektGatewayClient.class);

    private final ChannelHttp http;
    private final TrustBundles trustBundles;
    private final ObjectMapper json = new ObjectMapper();
    private final ConcurrentMap<URI, ReentrantLock> writers = new ConcurrentHashMap<>();

    public SubiektGatewayClient() {
        this(DEFAULT_REQUEST_TIMEOUT);
    }

    /** A client for gateways that need only the JVM's default trust. */
    public SubiektGatewayClient(Duration requestTimeout) {
        this(requestTimeout, TrustBundles.none());
    }

    /** @param trustBundles where a source's {@code trust-bundle} is found */
    public SubiektGatewayClient(Duration requestTimeout, TrustBundles trustBundles) {
        this(requestTimeout, trustBundles, ChannelTransports.jdk());
    }

    /** @param transports what the calls go out through ({@code kanal.connectors.http-transport}) */
    public SubiektGatewayClient(Duration requestTimeout, TrustBundles trustBundles, ChannelTransports transports) {
        this(TrustedHttpClients.of(() -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)), trustBundles, requestTimeout, transports);
    }

    SubiektGatewayClient(HttpClient http, Duration requestTimeout) {
        this(TrustedHttpClients.fixed(http), TrustBundles.none(), requestTimeout, ChannelTransports.jdk());
    }

    private SubiektGatewayClient(TrustedHttpClients http, TrustBundles trustBundles, Duration requestTimeout,
                                 ChannelTransports transports) {
        this.http = ChannelHttp.builder("ERP gateway", transports.transport(http, CONNECT_TIMEOUT, java.time.Clock.systemUTC()))
                .requestTimeout(requestTimeout).build();
        this.trustBundles = trustBundles;
    }

    /**
     * Creates the order as a ZK unless one with its reference exists, and answers the ZK number.
     *
     * @throws SubiektGatewayException            the gateway refused the order (e.g. unknown product)
     * @throws SubiektGatewayUnavailableException the gateway failed and the order was not found after it
     */
    public String createOrder(SourceConfig source, String clientId, ErpOrder order) {
        return createOrder(source, clientId, order, true);
    }

    /**
     * As {@link #createOrder(SourceConfig, String, ErpOrder)}; {@code earlierAttempt} false skips
     * the lookup before {@code order/add}, for a caller that knows (from its own committed attempt
     * count) that no call for this order was ever made. The lookup after a failure always runs.
     */
    public String createOrder(SourceConfig source, String clientId, ErpOrder order, boolean earlierAttempt) {
        ReentrantLock writer = writers.computeIfAbsent(endpoint(source, clientId), e -> new ReentrantLock(true));
        writer.lock();
        try {
            Optional<ErpOrderInfo> existing = earlierAttempt ? findByReference(source, clientId, order.reference())
                    : Optional.empty();
            if (existing.isPresent()) {
                log.info("ERP order for {} of {} already exists: {}", order.reference(), clientId, existing.get().orderRef());
                return existing.get().orderRef();
            }
            try {
                JsonNode data = call(source, clientId, "order/add", orderAddData(order));
                String orderRef = data.path("order_ref").asText("");
                if (orderRef.isEmpty()) {
                    throw new SubiektGatewayUnavailableException("ERP gateway of " + clientId
                            + " answered order/add without an order_ref");
                }
                return orderRef;
            } catch (SubiektGatewayUnavailableException failure) {
                Optional<ErpOrderInfo> saved;
                try {
                    saved = findByReference(source, clientId, order.reference());
                } catch (RuntimeException lookup) {
                    failure.addSuppressed(lookup);
                    throw failure;
                }
                if (saved.isPresent()) {
                    log.warn("order/add for {} of {} failed ({}) but the ERP saved it as {}", order.reference(), clientId,
                            failure.getMessage(), saved.get().orderRef());
                    return saved.get().orderRef();
                }
                throw failure;
            }
        } finally {
            writer.unlock();
        }
    }

    /**
     * The ZK whose original number is this channel reference, if any ({@code order/find}); the
     * oldest when there are several (which Kanal never makes, and logs).
     */
    public Optional<ErpOrderInfo> findByReference(SourceConfig source, String clientId, String reference) {
        ObjectNode data = json.createObjectNode().put("reference", reference);
        JsonNode orders = call(source, clientId, "order/find", data).path("orders");
        if (!orders.isArray()) {
            throw new SubiektGatewayUnavailableException("ERP gateway of " + clientId + " answered order/find without orders");
        }
        if (orders.size() > 1) {
            log.warn("ERP of {} holds {} orders with reference {}", clientId, orders.size(), reference);
        }
        return orders.isEmpty() ? Optional.empty() : Optional.of(orderInfo(orders.get(0)));
    }

    /** The ZK's state ({@code order/getState}); {@link SubiektGatewayException} when there is no such order. */
    public ErpOrderInfo getState(SourceConfig source, String clientId, String orderRef) {
        return orderInfo(call(source, clientId, "order/getState", json.createObjectNode().put("order_ref", orderRef)));
    }

    /**
     * The ZK's products ({@code order/get}): units per product code, summed over its lines; an
     * order's correction compares them with what the order should hold before it changes anything.
     *
     * @throws SubiektGatewayException there is no such order
     */
    public java.util.Map<String, BigDecimal> orderProducts(SourceConfig source, String clientId, String orderRef) {
        JsonNode products = call(source, clientId, "order/get", json.createObjectNode().put("order_ref", orderRef)).path("products");
        java.util.Map<String, BigDecimal> units = new java.util.TreeMap<>();
        for (JsonNode product : products) {
            units.merge(product.path("code").asText(), new BigDecimal(product.path("qty").asText("0")), BigDecimal::add);
        }
        return units;
    }

    /** Deletes the ZK ({@code order/delete}), e.g. for a cancellation before invoicing. */
    public void deleteOrder(SourceConfig source, String clientId, String orderRef) {
        ReentrantLock writer = writers.computeIfAbsent(endpoint(source, clientId), e -> new ReentrantLock(true));
        writer.lock();
        try {
            call(source, clientId, "order/delete", json.createObjectNode().put("order_ref", orderRef));
        } finally {
            writer.unlock();
        }
    }

    /**
     * The PDF of a document ({@code document/getPdf} with {@code doc_ref}: base64 in {@code doc_pdf}),
     * as Subiekt prints it. A read: no writer lock.
     *
     * @throws SubiektGatewayException            no such document (the gateway's {@code fail})
     * @throws SubiektGatewayUnavailableException the gateway failed, or answered no PDF
     */
    public byte[] documentPdf(SourceConfig source, String clientId, String documentRef) {
        JsonNode data = call(source, clientId, "document/getPdf", json.createObjectNode().put("doc_ref", documentRef));
        byte[] pdf;
        try {
            pdf = java.util.Base64.getMimeDecoder().decode(data.path("doc_pdf").asText(""));
        } catch (IllegalArgumentException e) {
            throw new SubiektGatewayUnavailableException("document/getPdf of " + documentRef + " on the ERP gateway of " + clientId
                    + " answered doc_pdf that is not base64", e);
        }
        if (pdf.length == 0) {
            throw new SubiektGatewayUnavailableException("document/getPdf of " + documentRef + " on the ERP gateway of " + clientId
                    + " answered no doc_pdf");
        }
        return pdf;
    }

    /**
     * Makes the return document of {@code correction} unless one with its reference exists
     * ({@code return/find} first, and again after a failure that may have saved it, as for
     * {@link #createOrder}), and answers its number.
     *
     * @throws SubiektGatewayException            the ERP refused it (unknown order or product)
     * @throws SubiektGatewayUnavailableException the gateway failed and no document was found after it
     */
    public String addReturn(SourceConfig source, String clientId, ErpReturn correction) {
        ReentrantLock writer = writers.computeIfAbsent(endpoint(source, clientId), e -> new ReentrantLock(true));
        writer.lock();
        try {
            Optional<String> existing = findReturn(source, clientId, correction.reference());
            if (existing.isPresent()) {
                return existing.get();
            }
            try {
                String ref = call(source, clientId, "return/add", returnAddData(correction)).path("doc_ref").asText("");
                if (ref.isEmpty()) {
                    throw new SubiektGatewayUnavailableException("ERP gateway of " + clientId + " answered return/add without a doc_ref");
                }
                return ref;
            } catch (SubiektGatewayUnavailableException failure) {
                Optional<String> saved;
                try {
                    saved = findReturn(source, clientId, correction.reference());
                } catch (RuntimeException lookup) {
                    failure.addSuppressed(lookup);
                    throw failure;
                }
                return saved.orElseThrow(() -> failure);
            }
        } finally {
            writer.unlock();
        }
    }

    /**
     * Takes units of a return document made without stock ({@code returnDocument}, a ZW) into the
     * ERP's stock after inspection ({@code return/restock}: a PW under {@code reference}), unless
     * a document with that reference exists (looked up first, and again after a failure that may
     * have saved it). Answers the receipt's number.
     *
     * @throws SubiektGatewayException            the ERP refused it (unknown return, more units than it holds)
     * @throws SubiektGatewayUnavailableException the gateway failed and no receipt was found after it
     */
    public String restockReturn(SourceConfig source, String clientId, String returnDocument, String reference, List<ErpReturn.Line> lines) {
        ReentrantLock writer = writers.computeIfAbsent(endpoint(source, clientId), e -> new ReentrantLock(true));
        writer.lock();
        try {
            Optional<String> existing = findReturn(source, clientId, reference);
            if (existing.isPresent()) {
                return existing.get();
            }
            ObjectNode data = json.createObjectNode().put("doc_ref", returnDocument).put("reference", reference);
            ArrayNode products = data.putArray("products");
            for (ErpReturn.Line line : lines) {
                ObjectNode product = products.addObject().put("code", line.code()).put("qty", line.qty());
                if (!line.serials().isEmpty()) {
                    ArrayNode serials = product.putArray("serials");
                    line.serials().forEach(serials::add);
                }
            }
            try {
                String ref = call(source, clientId, "return/restock", data).path("doc_ref").asText("");
                if (ref.isEmpty()) {
                    throw new SubiektGatewayUnavailableException("ERP gateway of " + clientId + " answered return/restock without a doc_ref");
                }
                return ref;
            } catch (SubiektGatewayUnavailableException failure) {
                Optional<String> saved;
                try {
                    saved = findReturn(source, clientId, reference);
                } catch (RuntimeException lookup) {
                    failure.addSuppressed(lookup);
                    throw failure;
                }
                return saved.orElseThrow(() -> failure);
            }
        } finally {
            writer.unlock();
        }
    }

    /** The number of the return document (or its receipt into stock) made under this reference ({@code return/find}), if any. */
    public Optional<String> findReturn(SourceConfig source, String clientId, String reference) {
        JsonNode returns = call(source, clientId, "return/find", json.createObjectNode().put("reference", reference)).path("returns");
        if (!returns.isArray()) {
            throw new SubiektGatewayUnavailableException("ERP gateway of " + clientId + " answered return/find without returns");
        }
        return returns.isEmpty() ? Optional.empty() : Optional.ofNullable(returns.get(0).path("doc_ref").asText(null));
    }

    // ------------------------------------------------------------------ mapping

    /** The {@code data} of {@code return/add}. */
    static ObjectNode returnAddData(ErpReturn correction) {
        ObjectNode data = new ObjectMapper().createObjectNode();
        data.put("order_ref", correction.orderRef());
        data.put("reference", correction.reference());
        data.put("warehouse", correction.warehouse());
        data.put("to_stock", correction.toStock());
        data.put("reason", correction.reason());
        ArrayNode products = data.putArray("products");
        for (ErpReturn.Line line : correction.lines()) {
            ObjectNode product = products.addObject().put("code", line.code()).put("qty", line.qty());
            if (!line.serials().isEmpty()) {
                ArrayNode serials = product.putArray("serials");
                line.serials().forEach(serials::add);
            }
        }
        return data;
    }

    /** The {@code data} of {@code order/add}. */
    static ObjectNode orderAddData(ErpOrder order) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode data = json.createObjectNode();
        ErpCustomer c = order.customer();
        ObjectNode customer = data.putObject("customer");
        customer.put("firstname", c.firstName());
        customer.put("lastname", c.lastName());
        customer.put("company_name", c.companyName());
        customer.put("tax_id", c.taxId());
        customer.put("is_company", c.isCompany());
        customer.put("email", c.email());
        customer.put("phone", c.phone());
        customer.put("address", c.address());
        customer.put("address_no", c.addressNo());
        customer.put("post_code", c.postCode());
        customer.put("city", c.city());
        ArrayNode products = data.putArray("products");
        for (ErpOrder.Line line : order.lines()) {
            products.addObject().put("code", line.code()).put("qty", line.qty()).put("price", line.price());
        }
        data.put("reference", order.reference());
        data.put("comments", order.comments());
        data.put("reservation", order.reservation());
        data.put("pay_type", order.payType());
        BigDecimal amount = order.amount() != null ? order.amount()
                : order.lines().stream().map(l -> l.qty().multiply(l.price())).reduce(BigDecimal.ZERO, BigDecimal::add);
        data.put("amount", amount);
        if (order.createMissingProducts()) {
            data.put("create_product_if_not_exists", true);
        }
        return data;
    }

    static ErpOrderInfo orderInfo(JsonNode node) {
        String amount = node.path("order_amount").asText("");
        return new ErpOrderInfo(node.path("order_ref").asText(null), textOrNull(node, "reference"),
                amount.isEmpty() ? null : new BigDecimal(amount), textOrNull(node, "state"), textOrNull(node, "sell_doc"));
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The gateway endpoint of a client, without the method. */
    static URI endpoint(SourceConfig source, String clientId) {
        String base = source.gatewayUrl();
        if (base == null || base.isBlank()) {
            throw new IllegalStateException("Client " + clientId + " has no source gateway-url");
        }
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(base + "/" + URLEncoder.encode(clientId, StandardCharsets.UTF_8) + "/gateway");
    }

    /**
     * Calls one gateway method and answers its {@code data} (an empty object when there is none).
     * Package-private for tests; the orders flow uses the methods above.
     */
    JsonNode call(SourceConfig source, String clientId, String method, ObjectNode data) {
        URI uri = URI.create(endpoint(source, clientId) + "?c=" + method);
        ObjectNode body = json.createObjectNode();
        body.put("api_key", source.apiKey() == null ? "" : source.apiKey());
        body.set("data", data);
        ChannelRequest request = ChannelRequest.json("POST", uri, body.toString()).header("Accept", "application/json");
        String what = method + " on the ERP gateway of " + clientId;
        ChannelAnswer response;
        try {
            response = http.callUnbudgeted(clientId, trustBundles.trust(source.trustBundle()), request);
        } catch (ChannelUnavailableException | RateLimitedException e) {
            throw new SubiektGatewayUnavailableException(method + " failed: " + e.getMessage(), e);
        }
        return answer(what, method, response.statusCode(), response.body());
    }

    /** Reads one gateway answer. */
    static JsonNode answer(String what, String method, int status, String body) {
        if (status >= 400 && status < 500 && status != 401 && status != 403 && status != 408 && status != 429) {
            throw new SubiektGatewayException(method, "HTTP " + status + " from " + what + ": " + abbreviate(body));
        }
        if (status != 200) {
            throw new SubiektGatewayUnavailableException(what + " answered HTTP " + status + ": " + abbreviate(body));
        }
        JsonNode answer;
        try {
            answer = new ObjectMapper().readTree(body == null ? "" : body);
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.isObject()) {
            throw new SubiektGatewayUnavailableException(what + " answered something that is not JSON: " + abbreviate(body));
        }
        String result = answer.path("status").asText("");
        if ("success".equals(result)) {
            JsonNode data = answer.get("data");
            return data == null || data.isNull() ? new ObjectMapper().createObjectNode() : data;
        }
        if ("fail".equals(result)) {
            throw new SubiektGatewayException(method, answer.path("message").asText("(no message)"));
        }
        throw new SubiektGatewayUnavailableException(what + " answered an unknown status: " + abbreviate(body));
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }
}
