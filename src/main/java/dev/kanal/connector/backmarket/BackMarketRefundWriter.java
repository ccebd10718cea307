package dev.kanal.connector.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelRefundWriter;
import dev.kanal.connector.OutgoingRefund;
import dev.kanal.connector.RateLimitedException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Refunds Back Market order lines with {@code POST /ws/sav/refund}
 * ({@code {orderline_pk, refund_type, amount}}, 201 with a text summary; shared/api-contracts.md
 * 2.4): {@code refund_type} 4 for a line in state 1, 5 in state 2, 6 in state 3 (with the line's
 * amount: Kanal refunds whole lines on Back Market). Limited by Back Market to 500 calls a day.
 *
 * <p>Looks first ({@code GET /ws/orders/{id}}): a line already in state 4, 5 or 6 is refunded and
 * is not refunded again, whoever did it. A line in any other state cannot be refunded
 * ({@link RefundRefusedException}). A 429 on the refund call that names the daily limit means the
 * day's budget is spent on Back Market's side (another tool on the same token):
 * {@link RefundBudgetExhaustedException}; any other 429 is the rate limit and is retried.
 */
public class BackMarketRefundWriter implements ChannelRefundWriter {

    /** Back Market's limit of {@code POST /ws/sav/refund}. */
    public static final int DAILY_REFUND_CALLS = 500;
    private static final Set<Integer> REFUNDED = Set.of(4, 5, 6);

    private final BackMarketClient client;
    private final ObjectMapper json = new ObjectMapper();

    public BackMarketRefundWriter(BackMarketClient client) {
        this.client = client;
    }

    @Override
    public int dailyRefundCalls() {
        return DAILY_REFUND_CALLS;
    }

    @Override
    public String refund(ChannelConnection connection, OutgoingRefund refund, Runnable budget) {
        String orderPath = "/ws/orders/" + URLEncoder.encode(refund.channelOrderId(), StandardCharsets.UTF_8);
        ChannelAnswer read = client.call(connection, client.get(connection, orderPath), List.of());
        if (read.statusCode() != 200) {
            throw new RefundRefusedException("Back Market answered " + read.statusCode() + " to GET " + orderPath + " for "
                    + connection.account() + ": " + client.errorMessage(read));
        }
        JsonNode order = client.parse(read, connection);
        List<String> done = new ArrayList<>();
        for (OutgoingRefund.Line line : refund.lines()) {
            JsonNode onChannel = line(order, line.channelLineId());
            if (onChannel == null) {
                throw new RefundRefusedException("Back Market order " + refund.channelOrderId() + " has no line " + line.channelLineId());
            }
            int state = onChannel.path("state").asInt(-1);
            if (REFUNDED.contains(state)) {
                done.add("line " + line.channelLineId() + " already refunded (state " + state + ")");
                continue;
            }
            ObjectNode body = refundBody(json, line, state, refund.channelOrderId());
            budget.run();
            ChannelAnswer answer;
            try {
                answer = client.call(connection, client.post(connection, "/ws/sav/refund", body.toString(), "text/plain"), List.of());
            } catch (RateLimitedException e) {
                if (!namesTheDailyLimit(e.getMessage())) {
                    // the account's rate limit (200 requests per 10 s), not the day's refunds: the account waits
                    // it out and the change is delivered again (the line is looked at first then)
                    throw e;
                }
                throw new RefundBudgetExhaustedException("Back Market answered 429 to POST /ws/sav/refund for " + connection.account()
                        + ": its " + DAILY_REFUND_CALLS + " refunds a day are used up (by Kanal or another tool on this token);"
                        + " try again after midnight UTC");
            }
            if (answer.statusCode() < 200 || answer.statusCode() >= 300) {
                throw new RefundRefusedException("Back Market refused to refund line " + line.channelLineId() + " of order "
                        + refund.channelOrderId() + ": " + answer.statusCode() + " " + client.errorMessage(answer));
            }
            done.add(answer.body() == null || answer.body().isBlank() ? "line " + line.channelLineId() + " refunded" : answer.body().trim());
        }
        return String.join("; ", done);
    }

    /**
     * Whether a 429's message is the daily refund limit rather than the rate limit every endpoint
     * shares. Kanal counts its own refund calls ({@code refund_budget}) and stops before the 500th,
     * so a 429 that does not name the daily limit is the rate limit, which passes in seconds; taking
     * it for a spent day parked refunds until an operator replayed them (changes-crash run aa294bbb).
     */
    static boolean namesTheDailyLimit(String message) {
        String text = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        return text.contains("per day") || text.contains("daily") || text.contains("a day");
    }

    /** The refund_type a line's state allows, and the amount for a shipped line. */
    static ObjectNode refundBody(ObjectMapper json, OutgoingRefund.Line line, int state, String orderId) {
        int type = switch (state) {
            case 1 -> 4;
            case 2 -> 5;
            case 3 -> 6;
            default -> throw new RefundRefusedException("Back Market order " + orderId + " line " + line.channelLineId()
                    + " is in state " + state + "; a refund is possible from state 1, 2 or 3 only");
        };
        if (line.quantity() != line.orderedQuantity()) {
            throw new RefundRefusedException("Back Market refunds whole lines: line " + line.channelLineId() + " has "
                    + line.orderedQuantity() + " units, " + line.quantity() + " asked");
        }
        ObjectNode body = json.createObjectNode();
        try {
            body.put("orderline_pk", Long.parseLong(line.channelLineId()));
        } catch (NumberFormatException e) {
            throw new RefundRefusedException("Back Market order line id " + line.channelLineId() + " is not a number");
        }
        body.put("refund_type", type);
        if (type == 6) {
            body.put("amount", line.amount());
        }
        return body;
    }

    private static JsonNode line(JsonNode order, String id) {
        for (JsonNode line : order.path("orderlines")) {
            if (id.equals(line.path("id").asText())) {
                return line;
            }
        }
        return null;
    }
}
