package dev.kanal.connector.baselinker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelOrderCanceller;
import java.util.HashMap;
import java.util.Map;

/**
 * Cancels BaseLinker orders by moving them to the account's {@code status-cancelled}
 * ({@code setOrderStatus}; shared/api-contracts.md 4.2: a status is the only way). BaseLinker
 * cancels whole orders: a cancellation of every unit of every line is one, anything less is
 * refused for an operator. Looks first: an order already in that status is left alone; one in
 * {@code status-shipped}, or with a package, has shipped and is refused (a return, not a
 * cancellation).
 */
public class BaseLinkerOrderCanceller implements ChannelOrderCanceller {

    private final BaseLinkerHttp http;
    private final BaseLinkerStatuses statuses;

    public BaseLinkerOrderCanceller(BaseLinkerHttp http) {
        this.http = http;
        this.statuses = new BaseLinkerStatuses(http);
    }

    @Override
    public Cancelled cancel(ChannelConnection connection, Cancellation cancellation) {
        BaseLinkerSettings settings = BaseLinkerSettings.of(connection);
        if (settings.statusCancelled() == null) {
            throw new CancellationRefusedException("BaseLinker account " + connection.account()
                    + " sets no status-cancelled: order " + cancellation.channelOrderId() + " cannot be cancelled on BaseLinker");
        }
        try {
            long cancelled = statuses.id(connection, settings.statusCancelled(), "status-cancelled");
            JsonNode order = statuses.order(connection, cancellation.channelOrderId());
            if (order == null) {
                throw new CancellationRefusedException("BaseLinker has no order " + cancellation.channelOrderId() + " for "
                        + connection.account());
            }
            long status = order.path("order_status_id").asLong();
            if (status == cancelled) {
                return new Cancelled("order already in status " + cancelled, null);
            }
            if (!cancellation.wholeOrder() && !coversEveryUnit(order, cancellation)) {
                throw new CancellationRefusedException("BaseLinker cancels whole orders only; order " + cancellation.channelOrderId()
                        + " keeps lines this cancellation does not cover: edit the order in BaseLinker");
            }
            if (settings.statusShipped() != null && statuses.id(connection, settings.statusShipped(), "status-shipped") == status) {
                throw new CancellationRefusedException("BaseLinker order " + cancellation.channelOrderId() + " has shipped: a return, not a cancellation");
            }
            JsonNode packages = http.call(connection, "getOrderPackages", http.json().createObjectNode()
                    .put("order_id", order.path("order_id").asLong())).path("packages");
            if (packages.isArray() && !packages.isEmpty()) {
                throw new CancellationRefusedException("BaseLinker order " + cancellation.channelOrderId() + " has a package ("
                        + packages.get(0).path("courier_package_nr").asText() + "): a return, not a cancellation");
            }
            statuses.set(connection, cancellation.channelOrderId(), cancelled);
            return new Cancelled("order moved to status " + cancelled + " (was " + status + ")", null);
        } catch (BaseLinkerRefusal refused) {
            throw new CancellationRefusedException(refused.getMessage());
        }
    }

    /** Whether the lines cancel every unit the order has. */
    static boolean coversEveryUnit(JsonNode order, Cancellation cancellation) {
        Map<String, Integer> cancelled = new HashMap<>();
        cancellation.lines().forEach(l -> cancelled.merge(l.channelLineId(), l.quantity(), Integer::sum));
        for (JsonNode product : order.path("products")) {
            if (cancelled.getOrDefault(product.path("order_product_id").asText(), 0) < product.path("quantity").asInt()) {
                return false;
            }
        }
        return true;
    }
}
