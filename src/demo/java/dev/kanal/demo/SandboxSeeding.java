package dev.kanal.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.SourceConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a sandbox channel account listings of the demo's SKUs through the sandbox's control API,
 * as a person would. Every request goes to a sandbox this JVM serves or nowhere: a URL that is
 * not one is refused with an error in the log and nothing is sent.
 */
public final class SandboxSeeding {

    private static final Logger log = LoggerFactory.getLogger(SandboxSeeding.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OwnSandbox own;
    private final HttpClient http;

    public SandboxSeeding(OwnSandbox own, HttpClient http) {
        this.own = own;
        this.http = http;
    }

    /** Back Market: one listing per SKU, quantity 0 (Kanal's first push sets it). */
    public boolean backMarket(ChannelAccountConfig account, List<String> skus) {
        List<Map<String, Object>> listings = new ArrayList<>();
        skus.forEach(sku -> listings.add(Map.of("sku", sku, "title", "Refurbished " + sku, "quantity", 0, "price", "199.00")));
        return post(account, account.baseUrl() + "/_control/listings", listings,
                Map.of("Authorization", "Basic " + account.credentials().get("token")));
    }

    /** WooCommerce: a shop for the account's keys, then one product per SKU. */
    public boolean wooCommerce(ChannelAccountConfig account, List<String> skus) {
        String shopRoot = account.baseUrl().replaceFirst("/wp-json/wc/v3/?$", "");
        String key = account.credentials().get("consumer-key");
        if (!post(account, shopRoot + "/_control/shops", Map.of("consumer_key", key,
                "consumer_secret", account.credentials().get("consumer-secret"), "currency", "PLN"), Map.of())) {
            return false;
        }
        List<Map<String, Object>> products = new ArrayList<>();
        skus.forEach(sku -> products.add(Map.of("name", "Refurbished " + sku, "sku", sku, "regular_price", "899.00",
                "manage_stock", true, "stock_quantity", 0)));
        return post(account, shopRoot + "/_control/shops/" + key + "/products", products, Map.of());
    }

    /**
     * Walmart: one item per SKU, quantity 0, for the seller named by the account's client id and
     * secret (the sandbox's control API creates the seller on its first request).
     */
    public boolean walmart(ChannelAccountConfig account, List<String> skus) {
        String seller = account.credentials().get("client-id") + ":" + account.credentials().get("client-secret");
        List<Map<String, Object>> items = new ArrayList<>();
        skus.forEach(sku -> items.add(Map.of("sku", sku, "productName", "Refurbished " + sku, "price", "249.00", "quantity", 0)));
        return post(account, account.baseUrl().replaceFirst("/+$", "") + "/_control/items", items,
                Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(seller.getBytes(StandardCharsets.UTF_8))));
    }

    /** BaseLinker: the account for its token, and one catalog product per SKU without stock (Kanal's first push sets it). */
    public boolean baseLinker(ChannelAccountConfig account, List<String> skus) {
        String sandboxRoot = account.baseUrl().replaceFirst("/connector\\.php$", "").replaceFirst("/+$", "");
        List<Map<String, Object>> products = new ArrayList<>();
        skus.forEach(sku -> products.add(Map.of("sku", sku, "name", "Refurbished " + sku, "price", "899.00",
                "stock", Map.of("bl_1", 0))));
        return post(account, sandboxRoot + "/_control/products", products, Map.of("X-BLToken", account.credentials().get("token")));
    }

    /**
     * A WooCommerce source: the shop for the source's keys and its products, given as the
     * sandbox's seeding takes them (a variable product with its {@code variations} inline).
     */
    public boolean wooCommerceSource(String client, SourceConfig source, List<Map<String, Object>> products) {
        String shopRoot = source.baseUrl().replaceFirst("/wp-json/wc/v3/?$", "");
        String key = source.credentials().get("consumer-key");
        String who = "the source of " + client;
        return post(who, shopRoot + "/_control/shops", Map.of("consumer_key", key,
                "consumer_secret", source.credentials().get("consumer-secret"), "currency", "EUR"), Map.of())
                && post(who, shopRoot + "/_control/shops/" + key + "/products", products, Map.of());
    }

    private boolean post(ChannelAccountConfig account, String url, Object body, Map<String, String> headers) {
        return post("account " + account.id(), url, body, headers);
    }

    private boolean post(String who, String url, Object body, Map<String, String> headers) {

        String refusal = own.refusal(url);
        if (refusal != null) {
            log.error("Demo seeding refused for {}: {} is not a sandbox of this Kanal ({}); nothing was sent",
                    who, url, refusal);
            return false;
        }
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                log.warn("Demo seeding {} answered {}: {}", url, response.statusCode(), response.body());
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.warn("Demo seeding {} failed: {}", url, e.toString());
            return false;
        }
    }
}
