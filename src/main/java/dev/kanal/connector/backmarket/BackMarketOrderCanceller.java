package dev.kanal.connector.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelOrderCanceller;
import dev.kanal.connector.ChannelUnavailableException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Cancels Back Market order lines before shipping (shared/api-contracts.md 2.3): a line still paid
 * and waiting for the seller (state 1) is refused, {@code new_state} 4; a line the seller accepted
 * (state 2) is refunded before shipping, {@code new_state} 5. Both go by SKU, one
 * {@code POST /ws/orders/{order_id}} per SKU, so every line of that SKU in the order moves.
 *
 * <p>Looks first ({@code GET /ws/orders/{id}}): lines already in 4 or 5 are done and not sent
 * again (a redelivery, or Back Market's own cancellation). A line shipped (3, 6) or in a state the
 * seller cannot move (0, 7 to 10) refuses the whole cancellation before anything is sent. Every
 * call takes its turn from the account's call budget in {@link BackMarketClient}.
 */
@Component
public class BackMarketOrderCanceller implements ChannelOrderCanceller {

    static final int PAID = 1;
    static final int ACCEPTED = 2;
    static final int REFUSED = 4;
    static final int REFUNDED_BEFORE_SHIPPING = 5;
    private static final Set<Integer> SHIPPED = Set.of(3, 6);

    private final BackMarketClient client;
    private final ObjectMapper json = new ObjectMapper();

    public BackMarketOrderCanceller(BackMarketClient client) {
        this.client = client;
    }

    @Override
    public Cancelled cancel(ChannelConnection connection, Cancellation cancellation) {
        String path = "/ws/orders/" + URLEncoder.encode(cancellation.channelOrderId(), StandardCharsets.UTF_8);
        JsonNode order = read(connection, client.call(connection, client.get(connection, path), List.of()), "GET " + path);
        Set<String> skus = new LinkedHashSet<>();
        if (cancellation.wholeOrder()) {
            order.path("orderlines").forEach(l -> skus.add(l.path("listing").asText()));
        } else {
            Map<String, String> skuOfLine = new LinkedHashMap<>();
            order.path("orderlines").forEach(l -> skuOfLine.put(l.path("id").asText(), l.path("listing").asText()));
            for (Line line : cancellation.lines()) {
                String sku = line.channelLineId() != null ? skuOfLine.get(line.channelLineId()) : line.channelSku();
                if (sku == null) {
                    throw new CancellationRefusedException("Back Market order " + cancellation.channelOrderId() + " has no line "
                            + line.channelLineId());
                }
                skus.add(sku);
            }
        }
        Map<String, Integer> plan = plan(order, skus, cancellation.channelOrderId());
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, Integer> step : plan.entrySet()) {
            if (step.getValue() == null) {
                done.add(step.getKey() + " already cancelled");
                continue;
            }
            ObjectNode body = BackMarketOrderAcknowledger.body(json, cancellation.channelOrderId(), step.getKey(), step.getValue());
            ChannelAnswer answer = client.call(connection, client.post(connection, path, body.toString()), List.of());
            if (answer.statusCode() < 200 || answer.statusCode() >= 300) {
                throw new CancellationRefusedException("Back Market answered " + answer.statusCode() + " to new_state "
                        + step.getValue() + " for " + step.getKey() + " of order " + cancellation.channelOrderId() + ": "
                        + client.errorMessage(answer));
            }
            done.add(step.getKey() + (step.getValue() == REFUSED ? " refused (4)" : " refunded before shipping (5)"));
        }
        return new Cancelled(String.join("; ", done), null);
    }

    /**
     * Per SKU: the new state to send (4 from a paid line, 5 from an accepted one), or null when its
     * lines are cancelled already. Refuses when a line of those SKUs shipped or cannot be moved.
     */
    static Map<String, Integer> plan(JsonNode order, Set<String> skus, String orderId) {
        Map<String, Integer> plan = new LinkedHashMap<>();
        for (String sku : skus) {
            Integer next = null;
            for (JsonNode line : order.path("orderlines")) {
                if (!sku.equals(line.path("listing").asText())) {
                    continue;
                }
                int state = line.path("state").asInt(-1);
                if (SHIPPED.contains(state)) {
                    throw new CancellationRefusedException("Back Market order " + orderId + " line " + line.path("id").asText()
                            + " (" + sku + ") is in state " + state + ", shipped: a return, not a cancellation");
                }
                if (state == PAID || state == ACCEPTED) {
                    int wanted = state == PAID ? REFUSED : REFUNDED_BEFORE_SHIPPING;
                    if (next != null && next != wanted) {
                        throw new CancellationRefusedException("Back Market order " + orderId + " has lines of " + sku
                                + " both paid and accepted: one new_state cannot cancel them all");
                    }
                    next = wanted;
                } else if (state != REFUSED && state != REFUNDED_BEFORE_SHIPPING) {
                    throw new CancellationRefusedException("Back Market order " + orderId + " line " + line.path("id").asText()
                            + " (" + sku + ") is in state " + state + ", which the seller cannot cancel");
                }
            }
            plan.put(sku, next);
        }
        return plan;
    }

    private JsonNode read(ChannelConnection connection, ChannelAnswer answer, String what) {
        if (answer.statusCode() == 404) {
            throw new CancellationRefusedException("Back Market does not know the order (" + what + " answered 404)");
        }
        if (answer.statusCode() < 200 || answer.statusCode() >= 300) {
            throw new ChannelUnavailableException("Back Market answered " + answer.statusCode() + " to " + what + " for "
                    + connection.account() + ": " + client.errorMessage(answer));
        }
        return client.parse(answer, connection);
    }
}
