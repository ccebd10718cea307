package dev.kanal.connector.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.client.config.ReturnReason;
import dev.kanal.connector.ChannelAnswer;
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
 *
 * <p>Care folders ({@code GET /ws/sav}) do not open returns (docs/decisions/0025): a folder carries
 * no reason and is opened for questions and warranty repairs as well; the line's state 6 is Back
 * Market's word that it refunded a returned item. For a return not opened yet the reader looks up
 * the line's folders ({@code ?orderline=<id>}, every page of 10) through the account's call
 * budget and names them (id and state) in the return's notes; a failed lookup is a note too and
 * does not hold the return back.
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
    private final BackMarketClient client;

    public BackMarketReturns(BackMarketClient client) {
        this.client = client;
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
            String key = "bm-line:" + line.path("id").asText() + ":state6";
            JsonNode code = line.path("return_reason");
            ReturnReason reason = code.canConvertToInt() ? REASONS.getOrDefault(code.asInt(), ReturnReason.OTHER) : ReturnReason.OTHER;
            String message = line.path("return_message").asText(null);
            List<String> notes = known.contains(key) || client == null ? List.of() : careFolders(connection, line.path("id").asText());
            returns.add(new ChannelReturn(key, reason,
                    code.isMissingNode() || code.isNull() ? null : "return_reason " + code.asText(), message,
                    BackMarketOrders.instant(order.path("date_modification")),
                    List.of(new ChannelReturn.Line(line.path("id").asText(), Math.max(1, line.path("quantity").asInt(1)))), notes));
        }
        return returns;
    }

    /** The line's care folders as notes ({@code care folder <id> open|closed}), read page by page while Back Market names a next one. */
    List<String> careFolders(ChannelConnection connection, String orderLineId) {
        List<String> folders = new ArrayList<>();
        try {
            for (int page = 1; page <= MAX_PAGES; page++) {
                String path = "/ws/sav?orderline=" + java.net.URLEncoder.encode(orderLineId, java.nio.charset.StandardCharsets.UTF_8)
                        + "&page=" + page;
                ChannelAnswer answer = client.call(connection, client.get(connection, path), List.of());
                if (answer.statusCode() != 200) {
                    return List.of("care folders of line " + orderLineId + " not read: Back Market answered " + answer.statusCode());
                }
                JsonNode body = client.parse(answer, connection);
                for (JsonNode folder : body.path("results")) {
                    int state = folder.path("state").asInt(-1);
                    folders.add("care folder " + folder.path("id").asText() + " " + (state == 0 ? "open" : state == 9 ? "closed" : "state " + state));
                }
                if (!body.hasNonNull("next") || body.path("next").asText("").isBlank()) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            return List.of("care folders of line " + orderLineId + " not read: " + e.getMessage());
        }
        return folders.isEmpty() ? List.of("no care folder for line " + orderLineId) : folders;
    }

    /** Pages of 10 folders read at most per line: more is not one customer's return. */
    static final int MAX_PAGES = 5;
}
