package dev.kanal.connector.walmart;

import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelOrderAcknowledger;
import dev.kanal.connector.ChannelOrderCanceller;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Acknowledges Walmart purchase orders: {@code POST /v3/orders/{purchaseOrderId}/acknowledge},
 * no body, which acknowledges every line of the order at once. Kanal accepts per SKU, so the
 * first SKU of an order acknowledges it and the others find it in a small memory of orders
 * acknowledged lately (a repeat after a restart only calls Walmart again, which is harmless).
 * Refusing a SKU cancels its lines with {@code SELLER_CANCEL_OUT_OF_STOCK} through
 * {@link WalmartOrderCanceller}.
 */
public class WalmartOrderAcknowledger implements ChannelOrderAcknowledger {

    private static final int REMEMBERED = 10_000;

    private final WalmartHttp http;
    private final WalmartOrderCanceller canceller;
    private final Set<String> acknowledged = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            }));

    public WalmartOrderAcknowledger(WalmartHttp http, WalmartOrderCanceller canceller) {
        this.http = http;
        this.canceller = canceller;
    }

    @Override
    public void accept(ChannelConnection connection, String channelOrderId, String channelSku) {
        String key = connection.account() + "/" + channelOrderId;
        if (acknowledged.contains(key)) {
            return;
        }
        WalmartHttp.Answer answer = http.postJson(connection,
                "/v3/orders/" + URLEncoder.encode(channelOrderId, StandardCharsets.UTF_8) + "/acknowledge", null);
        if (!answer.ok()) {
            throw new OrderAcknowledgementRefusedException("Walmart answered " + answer.status() + " to acknowledging order "
                    + channelOrderId + " on " + connection.account() + ": " + http.errorMessage(answer));
        }
        acknowledged.add(key);
    }

    @Override
    public void refuse(ChannelConnection connection, String channelOrderId, String channelSku) {
        try {
            canceller.cancel(connection, new ChannelOrderCanceller.Cancellation(channelOrderId, false,
                    List.of(new ChannelOrderCanceller.Line(null, channelSku, 0, null)), WalmartOrderCanceller.OUT_OF_STOCK, null));
        } catch (ChannelOrderCanceller.CancellationRefusedException e) {
            throw new OrderAcknowledgementRefusedException(e.getMessage());
        }
    }
}
