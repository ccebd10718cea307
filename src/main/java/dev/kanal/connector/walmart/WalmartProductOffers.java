package dev.kanal.connector.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelProductOffers;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.OfferedProduct;
import dev.kanal.connector.ProductOfferResult;
import dev.kanal.connector.RateLimitedException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A source product onto Walmart by matching Walmart.com's catalogue, never by creating an item
 * (Walmart's item spec: "Set up item by match", feed type {@code MP_ITEM_MATCH}, schema
 * MP_ITEM_MATCH_v4). Three steps, each skipped when the one before settles it:
 * <ol>
 *   <li>{@code GET /v3/items?sku=}: the seller has an item with this SKU already (404 or an empty
 *       list: not yet);</li>
 *   <li>{@code GET /v3/items/walmart/search?gtin=} with the EAN as a GTIN-14: exactly one
 *       catalogue item, or NO_MATCH (none, or several: which one would be a guess);</li>
 *   <li>one MP_ITEM_MATCH feed with the SKU, the GTIN, the price and the account's shipping
 *       weight, within the account's hourly allowance of such feeds, awaited like a bulk feed;
 *       its item's DATA_ERROR is a refusal with Walmart's words.</li>
 * </ol>
 * Without an EAN it is NO_MATCH without a call; without a price or a shipping weight (both
 * required by the match feed) REFUSED without one. The listing Kanal keeps is the SKU, as for
 * every Walmart item: price and quantity go to it afterwards.
 */
final class WalmartProductOffers implements ChannelProductOffers {

    static final String FEED_TYPE = "MP_ITEM_MATCH";
    /** The account setting with the shipping weight in pounds the match feed requires. */
    static final String SHIPPING_WEIGHT = "shipping-weight";

    private final WalmartHttp http;
    private final WalmartFeeds feeds;
    private final ObjectMapper json = new ObjectMapper();

    WalmartProductOffers(WalmartHttp http, WalmartFeeds.Polling polling) {
        this.http = http;
        this.feeds = new WalmartFeeds(http, FEED_TYPE, polling);
    }

    @Override
    public ProductOfferResult offer(ChannelConnection connection, OfferedProduct product) {
        if (itemBySku(connection, product.sku())) {
            return ProductOfferResult.alreadyListed(product.sku(), "the seller has an item with this SKU on Walmart");
        }
        if (product.ean() == null) {
            return ProductOfferResult.noMatch("the source has no EAN to match Walmart's catalogue by");
        }
        String gtin = gtin14(product.ean());
        if (gtin == null) {
            return ProductOfferResult.noMatch("EAN " + product.ean() + " is not a GTIN (8, 12, 13 or 14 digits with a valid check digit):"
                    + " nothing to search Walmart's catalogue by");
        }
        if (product.price() == null) {
            return ProductOfferResult.refused("no price for this account: Walmart sets an offer up by match only with a price");
        }
        BigDecimal weight = shippingWeight(connection);
        if (weight == null) {
            return ProductOfferResult.refused("the account has no settings." + SHIPPING_WEIGHT + " (pounds): Walmart sets an offer up"
                    + " by match only with a shipping weight");
        }
        List<JsonNode> found = search(connection, gtin);
        if (found.isEmpty()) {
            return ProductOfferResult.noMatch("Walmart's catalogue has no item with GTIN " + gtin);
        }
        if (found.size() > 1) {
            return ProductOfferResult.noMatch(found.size() + " items in Walmart's catalogue have GTIN " + gtin + " ("
                    + String.join(", ", found.stream().map(i -> i.path("itemId").asText()).toList()) + "): which one is a guess");
        }
        String itemId = found.get(0).path("itemId").asText();
        if (!feeds.take(connection)) {
            throw new RateLimitedException("the hourly allowance of Walmart " + FEED_TYPE + " feeds of " + connection.account()
                    + " is spent", Duration.ofMinutes(5));
        }
        String sku = product.sku();
        List<JsonNode> pages = feeds.submit(connection, matchFile(sku, gtin, product.price(), weight), 1, () -> { });
        String[] outcome = new String[1];
        boolean[] read = new boolean[1];
        for (JsonNode page : pages) {
            WalmartFeeds.read(page, List.of(sku), (position, error) -> {
                read[0] = true;
                outcome[0] = error;
            });
        }
        if (!read[0]) {
            throw new ChannelUnavailableException("Walmart's " + FEED_TYPE + " feed of " + connection.account()
                    + " did not apply sku " + sku + ": it is offered again");
        }
        if (outcome[0] != null) {
            return ProductOfferResult.refused("Walmart refused the offer on item " + itemId + " (GTIN " + gtin + "): " + outcome[0]);
        }
        return ProductOfferResult.matched(sku, "offer set up on Walmart item " + itemId + " by GTIN " + gtin);
    }

    /** Whether the seller has an item with this SKU ({@code GET /v3/items?sku=}); 404 or no such item in the answer: no. */
    private boolean itemBySku(ChannelConnection connection, String sku) {
        WalmartHttp.Answer answer = http.get(connection, "/v3/items?sku=" + encode(sku));
        if (answer.status() == 404) {
            return false;
        }
        if (!answer.ok()) {
            throw new ChannelUnavailableException("Walmart answered " + answer.status() + " to GET /v3/items for "
                    + connection.account() + ": " + http.errorMessage(answer), null, List.of(), answer.status());
        }
        for (JsonNode item : http.json(answer, connection).path("ItemResponse")) {
            if (sku.equals(item.path("sku").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The catalogue items Walmart's item search finds by the GTIN-14 (it answers at most 20). */
    private List<JsonNode> search(ChannelConnection connection, String gtin) {
        WalmartHttp.Answer answer = http.get(connection, "/v3/items/walmart/search?gtin=" + gtin);
        if (!answer.ok()) {
            throw new ChannelUnavailableException("Walmart answered " + answer.status() + " to GET /v3/items/walmart/search for "
                    + connection.account() + ": " + http.errorMessage(answer), null, List.of(), answer.status());
        }
        List<JsonNode> items = new ArrayList<>();
        http.json(answer, connection).path("items").forEach(items::add);
        return items;
    }

    /** {@code {"MPItemFeedHeader":{"version":"1.0","sellingChannel":"mpsetupbymatch","locale":"en"},"MPItem":[{"Item":{...}}]}}. */
    String matchFile(String sku, String gtin, BigDecimal price, BigDecimal weight) {
        ObjectNode file = json.createObjectNode();
        file.putObject("MPItemFeedHeader").put("version", "1.0").put("sellingChannel", "mpsetupbymatch").put("locale", "en");
        ObjectNode item = file.putArray("MPItem").addObject().putObject("Item");
        item.put("sku", sku);
        item.putObject("productIdentifiers").put("productIdType", "GTIN").put("productId", gtin);
        item.put("price", price.setScale(2, RoundingMode.HALF_UP));
        item.put("ShippingWeight", weight);
        return file.toString();
    }

    private static BigDecimal shippingWeight(ChannelConnection connection) {
        String value = connection.settings().get(SHIPPING_WEIGHT);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            BigDecimal weight = new BigDecimal(value.trim());
            return weight.signum() < 0 ? null : weight.setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The GTIN-14 of an EAN-8, UPC-A, EAN-13 or GTIN-14 (zeros in front, as the item search takes
     * a GTIN of 14 digits), or null when the code is none of those or its check digit is wrong.
     */
    static String gtin14(String code) {
        String digits = code == null ? "" : code.trim();
        if (!digits.matches("\\d{8}|\\d{12,14}")) {
            return null;
        }
        String gtin = "0".repeat(14 - digits.length()) + digits;
        int sum = 0;
        for (int i = 0; i < 13; i++) {
            sum += (gtin.charAt(i) - '0') * (i % 2 == 0 ? 3 : 1);
        }
        return (10 - sum % 10) % 10 == gtin.charAt(13) - '0' ? gtin : null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
