package dev.kanal.sandbox.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.KanalIntegrationTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The WooCommerce sandbox as a client sees it over HTTP, against the contract in api-contracts.md §1. */
class WooCommerceSandboxTest extends KanalIntegrationTest {

    @LocalServerPort int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private WooSandboxControl shop;

    @BeforeEach
    void newShop() {
        shop = new WooSandboxControl(port);
    }

    // ------------------------------------------------------------ authentication

    @Test
    void basicAuthIsAcceptedAndItsErrorsAreWooCommerces() throws Exception {
        shop.seed(products(2));
        assertThat(call("GET", "/products", null, basic(shop.consumerKey, shop.consumerSecret)).statusCode()).isEqualTo(200);

        HttpResponse<String> wrongSecret = call("GET", "/products", null, basic(shop.consumerKey, "cs_nope"));
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(json(wrongSecret)).isEqualTo(json("{\"code\":\"woocommerce_rest_authentication_error\","
                + "\"message\":\"Consumer secret is invalid.\",\"data\":{\"status\":401}}"));

        HttpResponse<String> wrongKey = call("GET", "/products", null, basic("ck_nobody", "cs_nope"));
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(json(wrongKey)).isEqualTo(json("{\"code\":\"woocommerce_rest_authentication_error\","
                + "\"message\":\"Consumer key is invalid.\",\"data\":{\"status\":401}}"));

        HttpResponse<String> anonymous = call("GET", "/products", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous).path("code").asText()).isEqualTo("woocommerce_rest_cannot_view");

        HttpResponse<String> inQuery = call("GET", "/products?consumer_key=" + shop.consumerKey
                + "&consumer_secret=" + shop.consumerSecret, null, null);
        assertThat(inQuery.statusCode()).isEqualTo(200);
        assertThat(json(inQuery)).hasSize(2);
    }

    @Test
    void oauthParametersMayComeInTheHeaderAndAreCheckedOneByOne() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String url = "http://localhost:" + port + "/sandbox/woocommerce/wp-json/wc/v3/products";

        Map<String, String> oauth = oauth("HMAC-SHA256", now, "n1", "GET", url, Map.of("per_page", "5"));
        String header = "OAuth " + oauth.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8) + "\"")
                .collect(Collectors.joining(", "));
        assertThat(call("GET", "/products?per_page=5", null, header).statusCode()).isEqualTo(200);

        Map<String, String> sha1 = oauth("HMAC-SHA1", now, "n2", "GET", url, Map.of());
        assertThat(call("GET", "/products?" + query(sha1), null, null).statusCode()).isEqualTo(200);

        Map<String, String> old = oauth("HMAC-SHA256", now - 16 * 60, "n3", "GET", url, Map.of());
        assertThat(message(call("GET", "/products?" + query(old), null, null))).isEqualTo("Invalid timestamp.");

        Map<String, String> plaintext = oauth("HMAC-SHA256", now, "n4", "GET", url, Map.of());
        plaintext.put("oauth_signature_method", "PLAINTEXT");
        assertThat(message(call("GET", "/products?" + query(plaintext), null, null)))
                .isEqualTo("Invalid signature - signature method is invalid.");

        Map<String, String> missing = oauth("HMAC-SHA256", now, "n5", "GET", url, Map.of());
        missing.remove("oauth_nonce");
        HttpResponse<String> incomplete = call("GET", "/products?" + query(missing), null, null);
        assertThat(incomplete.statusCode()).isEqualTo(401);
        assertThat(json(incomplete).path("code").asText()).isEqualTo("woocommerce_rest_authentication_missing_parameter");
        assertThat(message(incomplete)).isEqualTo("Missing OAuth parameter oauth_nonce");

        // the signature covers the query: changing a parameter after signing breaks it
        Map<String, String> signed = oauth("HMAC-SHA256", now, "n6", "GET", url, Map.of("per_page", "5"));
        assertThat(message(call("GET", "/products?per_page=6&" + query(signed), null, null)))
                .isEqualTo("Invalid signature - provided signature does not match.");
    }

    @Test
    void aReadOnlyKeyCannotWrite() throws Exception {
        WooSandboxControl readOnly = new WooSandboxControl(port, "read");
        long id = readOnly.seed(products(1)).get(0).path("id").asLong();
        String auth = basic(readOnly.consumerKey, readOnly.consumerSecret);
        assertThat(call("GET", "/products/" + id, null, auth).statusCode()).isEqualTo(200);
        HttpResponse<String> put = call("PUT", "/products/" + id, "{\"stock_quantity\":1}", auth);
        assertThat(put.statusCode()).isEqualTo(401);
        assertThat(message(put)).isEqualTo("The API key provided does not have write permissions.");
    }

    @Test
    void theNamespaceIndexNeedsNoAuthAndUnknownRoutesAre404() throws Exception {
        assertThat(call("GET", "", null, null).statusCode()).isEqualTo(200);
        for (String[] request : List.of(new String[] {"GET", "/orders-nope"}, new String[] {"DELETE", "/products/batch"},
                new String[] {"GET", "/products/abc"}, new String[] {"POST", "/products/12/variations/abc"})) {
            HttpResponse<String> answer = call(request[0], request[1], null, auth());
            assertThat(answer.statusCode()).as(request[0] + " " + request[1]).isEqualTo(404);
            assertThat(json(answer)).isEqualTo(json("{\"code\":\"rest_no_route\",\"message\":"
                    + "\"No route was found matching the URL and request method.\",\"data\":{\"status\":404}}"));
        }
    }

    // ------------------------------------------------------------ products

    @Test
    void listsArePagedWithHeadersAndLinks() throws Exception {
        ArrayNode created = shop.seed(products(25));

        HttpResponse<String> page2 = call("GET", "/products?per_page=10&page=2&orderby=id&order=asc"
                + "&consumer_key=" + shop.consumerKey + "&consumer_secret=" + shop.consumerSecret, null, null);

        assertThat(page2.statusCode()).isEqualTo(200);
        assertThat(page2.headers().firstValue("X-WP-Total")).contains("25");
        assertThat(page2.headers().firstValue("X-WP-TotalPages")).contains("3");
        String link = page2.headers().firstValue("Link").orElseThrow();
        assertThat(link).contains("/wc/v3/products?per_page=10&page=1&orderby=id&order=asc>; rel=\"prev\"")
                .contains("/wc/v3/products?per_page=10&page=3&orderby=id&order=asc>; rel=\"next\"")
                .doesNotContain("consumer_secret").doesNotContain(shop.consumerSecret);
        JsonNode items = json(page2);
        assertThat(items.isArray()).isTrue();
        assertThat(items).hasSize(10);
        assertThat(items.get(0).path("id").asLong()).isEqualTo(created.get(10).path("id").asLong());

        HttpResponse<String> defaults = call("GET", "/products", null, auth());
        assertThat(json(defaults)).hasSize(10);
        assertThat(json(defaults).get(0).path("id").asLong()).as("newest first, ID breaks ties")
                .isEqualTo(created.get(24).path("id").asLong());
        assertThat(defaults.headers().firstValue("Link").orElseThrow()).doesNotContain("prev");

        HttpResponse<String> last = call("GET", "/products?per_page=10&page=3", null, auth());
        assertThat(json(last)).hasSize(5);
        assertThat(last.headers().firstValue("Link").orElseThrow()).contains("rel=\"prev\"").doesNotContain("next");
    }

    @Test
    void perPageOutsideOneToHundredIs400() throws Exception {
        for (String perPage : List.of("0", "101", "abc")) {
            HttpResponse<String> answer = call("GET", "/products?per_page=" + perPage, null, auth());
            assertThat(answer.statusCode()).isEqualTo(400);
            JsonNode error = json(answer);
            assertThat(error.path("code").asText()).isEqualTo("rest_invalid_param");
            assertThat(error.path("message").asText()).isEqualTo("Invalid parameter(s): per_page");
            assertThat(error.path("data").path("status").asInt()).isEqualTo(400);
            assertThat(error.path("data").path("params").path("per_page").asText()).isNotEmpty();
        }
        assertThat(call("GET", "/products?per_page=100", null, auth()).statusCode()).isEqualTo(200);
    }

    @Test
    void listFiltersBySkuStatusTypeIncludeAndModifiedAfter() throws Exception {
        ArrayNode seed = products(6);
        ((ObjectNode) seed.get(1)).put("status", "draft");
        ObjectNode variable = seed.addObject().put("name", "Variable").put("type", "variable");
        variable.putArray("variations").addObject().put("sku", "V-1");
        ArrayNode created = shop.seed(seed);
        long id0 = created.get(0).path("id").asLong();
        long id3 = created.get(3).path("id").asLong();

        assertThat(ids("/products?sku=P-2,P-4")).containsExactlyInAnyOrder(
                created.get(2).path("id").asLong(), created.get(4).path("id").asLong());
        assertThat(ids("/products?status=draft")).containsExactly(created.get(1).path("id").asLong());
        assertThat(ids("/products?type=variable")).containsExactly(created.get(6).path("id").asLong());
        assertThat(ids("/products?include=" + id3 + "," + id0 + "&orderby=include")).containsExactly(id3, id0);
        assertThat(call("GET", "/products?type=bundle", null, auth()).statusCode()).isEqualTo(400);

        // a shop manager changes stock by hand a moment later: modified_after finds only that product
        Thread.sleep(1_100);
        String cursor = LocalDateTime.now(ZoneOffset.UTC).minus(500, ChronoUnit.MILLIS)
                .truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        Thread.sleep(1_000);
        JsonNode edited = shop.setProductStock(id3, 11);
        assertThat(edited.path("stock_quantity").asInt()).isEqualTo(11);
        assertThat(ids("/products?modified_after=" + cursor + "&dates_are_gmt=true")).containsExactly(id3);
    }

    @Test
    void updatesArePartialAndDeriveStockStatusAndPrice() throws Exception {
        long id = shop.seed(products(1)).get(0).path("id").asLong();
        String path = "/products/" + id;

        JsonNode sale = json(call("PUT", path, "{\"regular_price\":\"24.54\",\"sale_price\":\"19.99\"}", auth()));
        assertThat(sale.path("price").asText()).isEqualTo("19.99");
        assertThat(sale.path("on_sale").asBoolean()).isTrue();
        assertThat(sale.path("name").asText()).as("untouched fields stay").isEqualTo("Product 0");
        assertThat(sale.path("regular_price").isTextual()).isTrue();

        JsonNode noSale = json(call("PUT", path, "{\"sale_price\":\"\"}", auth()));
        assertThat(noSale.path("price").asText()).isEqualTo("24.54");
        assertThat(noSale.path("on_sale").asBoolean()).isFalse();

        assertThat(json(call("PUT", path, "{\"manage_stock\":true,\"stock_quantity\":0}", auth()))
                .path("stock_status").asText()).isEqualTo("outofstock");
        assertThat(json(call("PUT", path, "{\"backorders\":\"notify\"}", auth()))
                .path("stock_status").asText()).isEqualTo("onbackorder");
        assertThat(json(call("PATCH", path, "{\"stock_quantity\":\"3\"}", auth()))
                .path("stock_status").asText()).isEqualTo("instock");
        JsonNode unmanaged = json(call("PUT", path, "{\"manage_stock\":false}", auth()));
        assertThat(unmanaged.path("stock_quantity").isNull()).isTrue();

        HttpResponse<String> number = call("PUT", path, "{\"regular_price\":24.5,\"status\":\"gone\"}", auth());
        assertThat(number.statusCode()).isEqualTo(400);
        JsonNode error = json(number);
        assertThat(error.path("code").asText()).isEqualTo("rest_invalid_param");
        assertThat(error.path("data").path("params").path("regular_price").asText()).isEqualTo("regular_price is not of type string.");
        assertThat(error.path("data").path("params").path("status").asText())
                .isEqualTo("status is not one of draft, pending, private, and publish.");

        HttpResponse<String> unknown = call("PUT", "/products/999999", "{\"stock_quantity\":1}", auth());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("code").asText()).isEqualTo("woocommerce_rest_product_invalid_id");

        assertThat(call("PUT", path, "{not json", auth()).statusCode()).isEqualTo(400);
    }

    @Test
    void createAnswers201AndADuplicateSkuIs400() throws Exception {
        HttpResponse<String> created = call("POST", "/products",
                "{\"name\":\"Blue case\",\"sku\":\"CASE-1\",\"regular_price\":\"9.90\"}", auth());
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode product = json(created);
        assertThat(product.path("slug").asText()).isEqualTo("blue-case");
        assertThat(product.path("permalink").asText()).endsWith("/sandbox/woocommerce/product/blue-case/");
        assertThat(product.path("type").asText()).isEqualTo("simple");
        assertThat(product.path("status").asText()).isEqualTo("publish");

        HttpResponse<String> duplicate = call("POST", "/products", "{\"name\":\"Other\",\"sku\":\"CASE-1\"}", auth());
        assertThat(duplicate.statusCode()).isEqualTo(400);
        JsonNode error = json(duplicate);
        assertThat(error.path("code").asText()).isEqualTo("product_invalid_sku");
        assertThat(error.path("message").asText()).isEqualTo("Invalid or duplicated SKU.");
        assertThat(error.path("data").path("resource_id").asLong()).isEqualTo(product.path("id").asLong());
        assertThat(error.path("data").path("unique_sku").asText()).isEqualTo("CASE-1-1");
    }

    @Test
    void batchAppliesEachItemAndReportsErrorsInPlace() throws Exception {
        ArrayNode created = shop.seed(products(3));
        long a = created.get(0).path("id").asLong();
        long b = created.get(1).path("id").asLong();
        long c = created.get(2).path("id").asLong();
        String body = "{\"create\":[{\"name\":\"New\",\"sku\":\"NEW-1\"},{\"name\":\"Dup\",\"sku\":\"P-0\"}],"
                + "\"update\":[{\"id\":" + a + ",\"manage_stock\":true,\"stock_quantity\":4},{\"id\":424242,\"stock_quantity\":1}],"
                + "\"delete\":[" + c + "]}";

        HttpResponse<String> answer = call("POST", "/products/batch", body, auth());

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode result = json(answer);
        assertThat(result.path("create").get(0).path("sku").asText()).isEqualTo("NEW-1");
        assertThat(result.path("create").get(1).path("error").path("code").asText()).isEqualTo("product_invalid_sku");
        assertThat(result.path("update").get(0).path("stock_quantity").asInt()).isEqualTo(4);
        assertThat(result.path("update").get(1)).isEqualTo(json("{\"id\":424242,\"error\":{\"code\":"
                + "\"woocommerce_rest_product_invalid_id\",\"message\":\"Invalid ID.\",\"data\":{\"status\":404}}}"));
        assertThat(result.path("delete").get(0).path("id").asLong()).isEqualTo(c);
        assertThat(call("GET", "/products/" + c, null, auth()).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/products/" + b, null, auth()).statusCode()).isEqualTo(200);
        assertThat(shop.stats().path("items_updated").asInt()).isEqualTo(1);

        StringBuilder tooMany = new StringBuilder("{\"update\":[");
        for (int i = 0; i < 60; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{\"id\":").append(a).append('}');
        }
        tooMany.append("],\"delete\":[");
        for (int i = 0; i < 41; i++) {
            tooMany.append(i == 0 ? "" : ",").append(999000 + i);
        }
        tooMany.append("]}");
        HttpResponse<String> refused = call("POST", "/products/batch", tooMany.toString(), auth());
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(json(refused).path("code").asText()).isEqualTo("woocommerce_rest_request_entity_too_large");
    }

    // ------------------------------------------------------------ variations

    @Test
    void variationsArePagedUpdatedAndMayInheritTheParentsStock() throws Exception {
        ObjectNode variable = WooSandboxControl.JSON.createObjectNode().put("name", "Phone").put("manage_stock", true)
                .put("stock_quantity", 9);
        ArrayNode variations = variable.putArray("variations");
        for (int i = 0; i < 12; i++) {
            ObjectNode variation = variations.addObject().put("sku", "PH-" + i).put("regular_price", "100.00");
            if (i > 0) {
                variation.put("manage_stock", true).put("stock_quantity", i);
            }
        }
        JsonNode product = shop.seed(variable).get(0);
        long pid = product.path("id").asLong();
        assertThat(product.path("type").asText()).isEqualTo("variable");
        long v0 = product.path("variations").get(0).path("id").asLong();
        long v5 = product.path("variations").get(5).path("id").asLong();

        HttpResponse<String> page = call("GET", "/products/" + pid + "/variations?per_page=5&orderby=id&order=asc", null, auth());
        assertThat(page.headers().firstValue("X-WP-Total")).contains("12");
        assertThat(page.headers().firstValue("X-WP-TotalPages")).contains("3");
        JsonNode first = json(page).get(0);
        assertThat(first.path("id").asLong()).isEqualTo(v0);
        assertThat(first.path("manage_stock").asText()).isEqualTo("parent");
        assertThat(first.path("stock_quantity").asInt()).isEqualTo(9);

        JsonNode updated = json(call("PUT", "/products/" + pid + "/variations/" + v5, "{\"stock_quantity\":0}", auth()));
        assertThat(updated.path("stock_status").asText()).isEqualTo("outofstock");
        assertThat(json(call("GET", "/products/" + pid, null, auth())).path("price").asText()).isEqualTo("100.00");

        HttpResponse<String> batch = call("POST", "/products/" + pid + "/variations/batch",
                "{\"update\":[{\"id\":" + v5 + ",\"stock_quantity\":3},{\"id\":" + pid + ",\"stock_quantity\":3}]}", auth());
        JsonNode result = json(batch);
        assertThat(result.path("update").get(0).path("stock_quantity").asInt()).isEqualTo(3);
        assertThat(result.path("update").get(1).path("error").path("code").asText())
                .isEqualTo("woocommerce_rest_product_variation_invalid_id");

        assertThat(call("GET", "/products/999999/variations", null, auth()).statusCode()).isEqualTo(404);
    }

    // ------------------------------------------------------------ the host: faults and limits

    @Test
    void injected429HasAnEmptyBodyAnd5xxLookLikeTheirSources() throws Exception {
        shop.nextAnswers(429, 1, "7", 0);
        HttpResponse<String> limited = call("GET", "/products", null, auth());
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).isEmpty();
        assertThat(limited.headers().firstValue("Retry-After")).contains("7");

        shop.nextAnswers(429, 1, null, 0);
        HttpResponse<String> bare = call("GET", "/products", null, auth());
        assertThat(bare.statusCode()).isEqualTo(429);
        assertThat(bare.headers().firstValue("Retry-After")).isEmpty();

        shop.nextAnswers(500, 1, null, 0);
        HttpResponse<String> critical = call("GET", "/products", null, auth());
        assertThat(critical.statusCode()).isEqualTo(500);
        assertThat(json(critical).path("code").asText()).isEqualTo("internal_server_error");

        shop.nextAnswers(503, 2, "30", 1);
        assertThat(call("GET", "/products", null, auth()).statusCode()).as("'after' lets one through").isEqualTo(200);
        HttpResponse<String> unavailable = call("GET", "/products", null, auth());
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(unavailable.headers().firstValue("Retry-After")).contains("30");
        assertThat(call("GET", "/products", null, auth()).statusCode()).isEqualTo(503);
        assertThat(call("GET", "/products", null, auth()).statusCode()).isEqualTo(200);
        assertThat(shop.stats().path("faults_injected").asInt()).isEqualTo(5);
    }

    @Test
    void aPerMinuteLimitAnswers429WithRetryAfterAndStatisticsCountEveryCall() throws Exception {
        shop.hostBehaviour(3, 0);
        for (int i = 0; i < 3; i++) {
            assertThat(call("GET", "/products", null, auth()).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> fourth = call("GET", "/products", null, auth());
        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(fourth.body()).isEmpty();
        assertThat(Integer.parseInt(fourth.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 60);
        call("POST", "/products/batch", "{\"update\":[]}", auth());

        JsonNode stats = shop.stats();
        assertThat(stats.path("calls").path("GET /products").asInt()).isEqualTo(4);
        assertThat(stats.path("calls").path("POST /products/batch").asInt()).isEqualTo(1);
        assertThat(stats.path("total_calls").asInt()).isEqualTo(5);
        assertThat(stats.path("batch_calls").asInt()).isEqualTo(1);
        assertThat(stats.path("rate_limited").asInt()).isEqualTo(2);
        assertThat(stats.path("max_calls_in_60s").asInt()).isEqualTo(5);

        shop.clearFaults();
        assertThat(call("GET", "/products", null, auth()).statusCode()).isEqualTo(200);
        shop.reset();
        assertThat(shop.stats().path("total_calls").asInt()).isZero();
        assertThat(json(call("GET", "/products", null, auth()))).isEmpty();
    }

    // ------------------------------------------------------------ helpers

    private String auth() {
        return basic(shop.consumerKey, shop.consumerSecret);
    }

    private static String basic(String key, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> call(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/sandbox/woocommerce/wp-json/wc/v3" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<Long> ids(String path) throws Exception {
        HttpResponse<String> answer = call("GET", path, null, auth());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        json(answer).forEach(p -> ids.add(p.path("id").asLong()));
        return ids;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return WooSandboxControl.JSON.readTree(response.body());
    }

    private static JsonNode json(String text) throws Exception {
        return WooSandboxControl.JSON.readTree(text);
    }

    private static String message(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(401);
        return json(response).path("message").asText();
    }

    private static ArrayNode products(int count) {
        ArrayNode products = WooSandboxControl.JSON.createArrayNode();
        for (int i = 0; i < count; i++) {
            products.addObject().put("name", "Product " + i).put("sku", "P-" + i).put("regular_price", "10.00")
                    .put("manage_stock", true).put("stock_quantity", i);
        }
        return products;
    }

    /**
     * OAuth 1.0a parameters signed here, independently of Kanal's signer: the base string is
     * METHOD&enc(url)&enc(k=v&...) over the sorted, encoded query and oauth parameters.
     */
    private Map<String, String> oauth(String method, long timestamp, String nonce, String httpMethod, String url,
            Map<String, String> query) throws Exception {
        Map<String, String> oauth = new TreeMap<>();
        oauth.put("oauth_consumer_key", shop.consumerKey);
        oauth.put("oauth_nonce", nonce + "-" + System.nanoTime());
        oauth.put("oauth_signature_method", method);
        oauth.put("oauth_timestamp", Long.toString(timestamp));
        Map<String, String> all = new TreeMap<>(query);
        all.putAll(oauth);
        String parameters = all.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        String base = httpMethod + "&" + enc(url) + "&" + enc(parameters);
        String algorithm = method.equals("HMAC-SHA1") ? "HmacSHA1" : "HmacSHA256";
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec((shop.consumerSecret + "&").getBytes(StandardCharsets.UTF_8), algorithm));
        oauth.put("oauth_signature", Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8))));
        return oauth;
    }

    private static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }
}
