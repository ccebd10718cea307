package dev.kanal.connector.backmarket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelOrderAcknowledger;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.TrustedHttpClients;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Accepts or refuses Back Market order lines: {@code POST /ws/orders/{order_id}} with
 * {@code {"id":N,"order_id":N,"new_state":2,"sku":"SKU"}} to accept, {@code new_state} 4 to refuse, one
 * call per SKU (shared/api-contracts.md 2.3). Kept apart from the listing client, whose call
 * budget is for stock pushes.
 */
@Component
public class BackMarketOrderAcknowledger implements ChannelOrderAcknowledger {

    static final int ACCEPTED = 2;
    static final int CANCELLED = 4;

    private final TrustedHttpClients http;
    private final Duration requestTimeout;
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    public BackMarketOrderAcknowledger(@Value("${kanal.connectors.backmarket.request-timeout:10s}") Duration requestTimeout) {
        this.http = TrustedHttpClients.of(() -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)));
        this.requestTimeout = requestTimeout;
    }

    /** With a given client, e.g. one that records the traffic for the contract test. */
    BackMarketOrderAcknowledger(HttpClient http, Duration requestTimeout) {
        this.http = TrustedHttpClients.fixed(http);
        this.requestTimeout = requestTimeout;
    }

    @Override
    public String channelType() {
        return BackMarketClient.CHANNEL_TYPE;
    }

    @Override
    public void accept(ChannelConnection connection, String channelOrderId, String channelSku) {
        update(connection, channelOrderId, channelSku, ACCEPTED);
    }

    @Override
    public void refuse(ChannelConnection connection, String channelOrderId, String channelSku) {
        update(connection, channelOrderId, channelSku, CANCELLED);
    }

    /**
     * The UpdateOrder body. The spec requires an {@code id} it never defines: Kanal sends the order
     * id there as well as in {@code order_id} and the path (docs/decisions/0019). Back Market's
     * order ids are integers.
     */
    static ObjectNode body(ObjectMapper json, String channelOrderId, String sku, int newState) {
        ObjectNode body = json.createObjectNode();
        try {
            long id = Long.parseLong(channelOrderId);
            body.put("id", id);
            body.put("order_id", id);
        } catch (NumberFormatException e) {
            body.put("id", channelOrderId);
            body.put("order_id", channelOrderId);
        }
        body.put("new_state", newState);
        body.put("sku", sku);
        return body;
    }

    private void update(ChannelConnection connection, String channelOrderId, String sku, int newState) {
        String base = connection.baseUrl().toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/ws/orders/" + URLEncoder.encode(channelOrderId, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Authorization", "Basic " + connection.credential("token"))
                .header("User-Agent", connection.credential("user-agent"))
                .header("Accept-Language", connection.credential("accept-language"))
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(json, channelOrderId, sku, newState).toString()))
                .build();
        String what = "new_state " + newState + " for " + sku + " of order " + channelOrderId + " on " + connection.account();
        HttpResponse<String> response;
        try {
            response = http.client(connection.trust()).send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new ChannelUnavailableException("Back Market did not answer " + what, e);
        } catch (IOException e) {
            throw new ChannelUnavailableException("Back Market unreachable for " + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelUnavailableException("Interrupted during " + what, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String body = response.body() == null ? "" : response.body();
        body = body.length() > 300 ? body.substring(0, 300) + "..." : body;
        if (status == 429 || status >= 500 || status == 401 || status == 403 || status == 408) {
            throw new ChannelUnavailableException("Back Market answered " + status + " to " + what + ": " + body);
        }
        throw new OrderAcknowledgementRefusedException("Back Market answered " + status + " to " + what + ": " + body);
    }
}
