package dev.kanal.connector.backmarket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelProductOffers;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.OfferedProduct;
import dev.kanal.connector.ProductOfferResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A source product onto Back Market by matching its catalogue, never by creating a product
 * (shared/api-contracts.md 2.2; the spec's "Create listings": a catalog line with {@code ean} or
 * {@code product_id} makes a listing of an existing product). First
 * {@code GET /ws/listings/detail?sku=X}: a listing with the SKU is there already. Otherwise a
 * catalog task ({@code POST /ws/listings}, {@link CatalogTask#offerCsv}) with the SKU, the EAN and
 * the price, awaited like a bulk push; its report line says whether Back Market listed it.
 * Without an EAN or a price nothing is sent: there is nothing to match by, or Back Market would
 * refuse the listing.
 */
@Component
class BackMarketProductOffers implements ChannelProductOffers {

    private final BackMarketClient client;
    private final ObjectMapper json = new ObjectMapper();

    BackMarketProductOffers(BackMarketClient client) {
        this.client = client;
    }

    @Override
    public ProductOfferResult offer(ChannelConnection connection, OfferedProduct product) {
        Optional<String> existing = listingBySku(connection, product.sku());
        if (existing.isPresent()) {
            return ProductOfferResult.alreadyListed(existing.get(), "the seller has listing " + existing.get() + " with this SKU");
        }
        if (product.ean() == null) {
            return ProductOfferResult.noMatch("the source has no EAN to match Back Market's catalogue by");
        }
        if (product.price() == null) {
            return ProductOfferResult.refused("no price for this account: Back Market lists a product only with a price");
        }
        long started = System.nanoTime();
        String body;
        try {
            body = json.writeValueAsString(Map.of("catalog", CatalogTask.offerCsv(product.sku(), product.ean(), product.price()),
                    "quotechar", String.valueOf(CatalogTask.QUOTE), "delimiter", String.valueOf(CatalogTask.DELIMITER),
                    "encoding", CatalogTask.ENCODING));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a catalog task body", e);
        }
        ChannelAnswer created = client.call(connection, client.post(connection, "/ws/listings", body), List.of());
        int status = created.statusCode();
        if (status == 400 || status == 422) {
            return ProductOfferResult.refused("Back Market: " + status + " " + client.errorMessage(created));
        }
        if (status < 200 || status >= 300) {
            throw new ChannelUnavailableException("Back Market answered " + status + " to POST /ws/listings for "
                    + connection.account() + ": " + client.errorMessage(created));
        }
        JsonNode taskId = client.parse(created, connection).path("bodymessage");
        if (!taskId.asText("").matches("\\d{1,18}")) {
            throw new ChannelUnavailableException("Back Market created a task for " + connection.account()
                    + " but sent no task id: " + created.body());
        }
        long id = taskId.asLong();
        JsonNode task = client.awaitTask(connection, id, started + client.taskTimeout().toNanos());
        if (task.path("action_status").asInt(-1) != CatalogTask.SUCCESS) {
            throw new ChannelUnavailableException("Back Market task " + id + " of " + connection.account()
                    + " ended with action_status " + task.path("action_status").asText() + ": "
                    + task.path("last_action_error").asText("no error given"));
        }
        JsonNode line = CatalogTask.reportLine(task, product.sku());
        if (line == null) {
            throw new ChannelUnavailableException("Back Market task " + id + " of " + connection.account()
                    + " does not report sku " + product.sku());
        }
        if (!"OK".equalsIgnoreCase(line.path("status").asText())) {
            // a line without product columns can only match: Back Market found nothing to list it on
            return ProductOfferResult.noMatch("Back Market task " + id + ": " + line.path("message").asText("refused"));
        }
        Optional<String> listed = listingBySku(connection, product.sku());
        if (listed.isEmpty()) {
            throw new ChannelUnavailableException("Back Market task " + id + " listed sku " + product.sku()
                    + " but GET /ws/listings/detail does not find it yet");
        }
        return ProductOfferResult.matched(listed.get(), "listed on catalogue product by EAN " + product.ean()
                + " (task " + id + ")");
    }

    /** The UUID of the seller's listing with this SKU ({@code GET /ws/listings/detail?sku=}); empty on 404. */
    private Optional<String> listingBySku(ChannelConnection connection, String sku) {
        String path = "/ws/listings/detail?sku=" + URLEncoder.encode(sku, StandardCharsets.UTF_8).replace("+", "%20");
        ChannelAnswer answer = client.call(connection, client.get(connection, path), List.of());
        if (answer.statusCode() == 404) {
            return Optional.empty();
        }
        if (answer.statusCode() != 200) {
            throw new ChannelUnavailableException("Back Market answered " + answer.statusCode()
                    + " to GET /ws/listings/detail for " + connection.account() + ": " + client.errorMessage(answer));
        }
        return Optional.of(client.parse(answer, connection).path("id").asText());
    }
}
