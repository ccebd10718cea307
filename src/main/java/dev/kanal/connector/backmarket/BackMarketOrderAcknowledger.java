package dev.kanal.connector.backmarket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelRequest;
import dev.kanal.connector.ChannelOrderAcknowledger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Accepts or refuses Back Market order lines: {@code POST /ws/orders/{order_id}} with
 * {@code {"id":N,"order_id":N,"new_state":2,"sku":"SKU"}} to accept, {@code new_state} 4 to refuse, one
 * call per SKU (shared/api-contracts.md 2.3). The calls go through {@link BackMarketClient}, so
 * they take their turn from the account's call budget with the stock writer's and order poller's
 * calls, and a 429 pauses that budget for Retry-After (10 s when absent) before
 * {@link dev.kanal.connector.RateLimitedException} is thrown: the caller's next attempt waits it out.
 */
@Component
public class BackMarketOrderAcknowledger implements ChannelOrderAcknowledger {

    static final int ACCEPTED = 2;
    static final int CANCELLED = 4;

    private final BackMarketClient client;
    private final ObjectMapper json = new ObjectMapper();

    public BackMarketOrderAcknowledger(BackMarketClient client) {
        this.client = client;
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
        ChannelRequest request = client.post(connection, "/ws/orders/" + URLEncoder.encode(channelOrderId, StandardCharsets.UTF_8),
                body(json, channelOrderId, sku, newState).toString());
        String what = "new_state " + newState + " for " + sku + " of order " + channelOrderId + " on " + connection.account();
        // 429 (budget paused), 5xx, 401/403/408 and transport failures are thrown by the client
        ChannelAnswer response = client.call(connection, request, List.of());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        throw new OrderAcknowledgementRefusedException("Back Market answered " + status + " to " + what + ": "
                + client.errorMessage(response));
    }
}
