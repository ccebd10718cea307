package dev.kanal.connector.baselinker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelOrderAcknowledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges BaseLinker orders by status, the only way BaseLinker accepts or cancels an order
 * (shared/api-contracts.md 4.2): accept moves the order to the account's {@code status-accepted},
 * refuse to its {@code status-cancelled}, with {@code setOrderStatus}. BaseLinker has no
 * per-line acceptance, so the calls act on the whole order: it looks first
 * ({@code getOrders}) and changes nothing when the order is already there (or shipped or
 * cancelled), so the second SKU of an order, or a redelivery, costs one call. Refusing one SKU
 * of an order that has others is refused (an operator splits the order in BaseLinker). An
 * account without {@code status-accepted} is not acknowledged.
 */
public class BaseLinkerOrderAcknowledger implements ChannelOrderAcknowledger {

    private static final Logger log = LoggerFactory.getLogger(BaseLinkerOrderAcknowledger.class);

    private final BaseLinkerStatuses statuses;

    public BaseLinkerOrderAcknowledger(BaseLinkerHttp http) {
        this.statuses = new BaseLinkerStatuses(http);
    }

    @Override
    public void accept(ChannelConnection connection, String channelOrderId, String channelSku) {
        BaseLinkerSettings settings = BaseLinkerSettings.of(connection);
        if (settings.statusAccepted() == null) {
            log.debug("BaseLinker account {} sets no status-accepted: order {} is not acknowledged", connection.account(),
                    channelOrderId);
            return;
        }
        try {
            long accepted = statuses.id(connection, settings.statusAccepted(), "status-accepted");
            JsonNode order = order(connection, channelOrderId);
            long now = order.path("order_status_id").asLong();
            if (now == accepted || isSetting(connection, settings.statusShipped(), now, "status-shipped")
                    || isSetting(connection, settings.statusCancelled(), now, "status-cancelled")) {
                return;
            }
            statuses.set(connection, channelOrderId, accepted);
        } catch (BaseLinkerRefusal refused) {
            throw new OrderAcknowledgementRefusedException(refused.getMessage());
        }
    }

    @Override
    public void refuse(ChannelConnection connection, String channelOrderId, String channelSku) {
        BaseLinkerSettings settings = BaseLinkerSettings.of(connection);
        if (settings.statusCancelled() == null) {
            throw new OrderAcknowledgementRefusedException("BaseLinker account " + connection.account()
                    + " sets no status-cancelled: order " + channelOrderId + " cannot be refused on BaseLinker");
        }
        try {
            long cancelled = statuses.id(connection, settings.statusCancelled(), "status-cancelled");
            JsonNode order = order(connection, channelOrderId);
            for (JsonNode product : order.path("products")) {
                if (!channelSku.equalsIgnoreCase(product.path("sku").asText(""))) {
                    throw new OrderAcknowledgementRefusedException("BaseLinker order " + channelOrderId + " of "
                            + connection.account() + " has other products than " + channelSku
                            + "; BaseLinker cancels whole orders only: split or edit it in BaseLinker");
                }
            }
            if (order.path("order_status_id").asLong() != cancelled) {
                statuses.set(connection, channelOrderId, cancelled);
            }
        } catch (BaseLinkerRefusal refused) {
            throw new OrderAcknowledgementRefusedException(refused.getMessage());
        }
    }

    private JsonNode order(ChannelConnection connection, String channelOrderId) {
        JsonNode order = statuses.order(connection, channelOrderId);
        if (order == null) {
            throw new OrderAcknowledgementRefusedException("BaseLinker has no order " + channelOrderId + " for "
                    + connection.account());
        }
        return order;
    }

    private boolean isSetting(ChannelConnection connection, String setting, long statusId, String key) {
        return setting != null && statuses.id(connection, setting, key) == statusId;
    }
}
