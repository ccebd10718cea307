package dev.kanal.connector.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.client.config.ReturnReason;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelReturn;
import dev.kanal.connector.ChannelReturnReader;
import dev.kanal.connector.MalformedOrderException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Back Market's refunds after shipping: an order line in state 6 carries its {@code return_reason}
 * (shared/api-contracts.md 2.3) and the order payload says it all, so nothing is asked of Back
 * Market. One return per line ({@code bm-line:<line id>:state6}). Back Market refunds after
 * shipping once the seller has the item back, so the line's change is the receipt.
 */
public class BackMarketReturns implements ChannelReturnReader {

    static final int REFUNDED_AFTER_SHIPPING = 6;
    /** Back Market's return_reason codes in Kanal's words. */
    static final Map<Integer, ReturnReason> REASONS = Map.of(
            0, ReturnReason.STOCK_MISTAKE, 1, ReturnReason.WITHDRAWAL, 11, ReturnReason.NOT_AT_ADDRESS,
            12, ReturnReason.NOT_DELIVERED, 13, ReturnReason.LOST_PARCEL, 21, ReturnReason.FAULTY_ON_OPENING,
            22, ReturnReason.FAILED_AT_FIRST_USE, 23, ReturnReason.FAILED_IN_WARRANTY, 24, ReturnReason.NON_COMPLIANT,
            25, ReturnReason.OTHER);

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public String channelType() {
        return BackMarketClient.CHANNEL_TYPE;
    }

    @Override
    public List<ChannelReturn> returns(ChannelConnection connection, String channelOrderId, String payload, Set<String> known) {
        JsonNode order;
        try {
            order = json.readTree(payload);
        } catch (IOException e) {
            throw new MalformedOrderException("Back Market order " + channelOrderId + " is not JSON: " + e.getMessage(), e);
        }
        List<ChannelReturn> returns = new ArrayList<>();
        for (JsonNode line : order.path("orderlines")) {
            if (line.path("state").asInt(-1) != REFUNDED_AFTER_SHIPPING) {
                continue;
            }
            JsonNode code = line.path("return_reason");
            ReturnReason reason = code.canConvertToInt() ? REASONS.getOrDefault(code.asInt(), ReturnReason.OTHER) : ReturnReason.OTHER;
            String message = line.path("return_message").asText(null);
            returns.add(new ChannelReturn("bm-line:" + line.path("id").asText() + ":state6", reason,
                    code.isMissingNode() || code.isNull() ? null : "return_reason " + code.asText(), message,
                    BackMarketOrders.instant(order.path("date_modification")),
                    List.of(new ChannelReturn.Line(line.path("id").asText(), Math.max(1, line.path("quantity").asInt(1))))));
        }
        return returns;
    }
}
