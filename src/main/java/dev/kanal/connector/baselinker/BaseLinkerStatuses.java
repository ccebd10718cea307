package dev.kanal.connector.baselinker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.connector.ChannelConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The account's statuses and the orders Kanal moves between them. Statuses are the account's
 * own (there is no fixed list), so a setting names one by id or by name; names are looked up with
 * {@code getOrderStatusList}, remembered per account, and asked again once when a name is not
 * found (someone added the status since).
 */
class BaseLinkerStatuses {

    private final BaseLinkerHttp http;
    private final Map<String, JsonNode> lists = new ConcurrentHashMap<>();

    BaseLinkerStatuses(BaseLinkerHttp http) {
        this.http = http;
    }

    /** The status id a setting names; a number is taken as an id. */
    long id(ChannelConnection connection, String setting, String settingKey) {
        if (setting.matches("\\d{1,18}")) {
            return Long.parseLong(setting);
        }
        Long id = find(lists.computeIfAbsent(connection.account(), a -> fetch(connection)), setting);
        if (id == null) {
            JsonNode fresh = fetch(connection);
            lists.put(connection.account(), fresh);
            id = find(fresh, setting);
        }
        if (id == null) {
            List<String> names = new ArrayList<>();
            lists.get(connection.account()).forEach(s -> names.add(s.path("name").asText()));
            throw new BaseLinkerRefusal(null, "BaseLinker account " + connection.account() + " has no status '" + setting
                    + "' (" + settingKey + "); its statuses: " + names);
        }
        return id;
    }

    private JsonNode fetch(ChannelConnection connection) {
        return http.call(connection, "getOrderStatusList", http.json().createObjectNode()).path("statuses");
    }

    private static Long find(JsonNode statuses, String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (JsonNode status : statuses) {
            if (status.path("name").asText("").trim().toLowerCase(Locale.ROOT).equals(wanted)) {
                return status.path("id").asLong();
            }
        }
        return null;
    }

    /** The order as getOrders shows it now; null when BaseLinker has no such order. */
    JsonNode order(ChannelConnection connection, String orderId) {
        JsonNode orders = http.call(connection, "getOrders", http.json().createObjectNode()
                .put("order_id", orderIdNumber(orderId)).put("get_unconfirmed_orders", true)).path("orders");
        return orders.isArray() && !orders.isEmpty() ? orders.get(0) : null;
    }

    /** Moves the order to the status ({@code setOrderStatus}). */
    void set(ChannelConnection connection, String orderId, long statusId) {
        http.call(connection, "setOrderStatus", http.json().createObjectNode()
                .put("order_id", orderIdNumber(orderId)).put("status_id", statusId));
    }

    static long orderIdNumber(String orderId) {
        try {
            return Long.parseLong(orderId.trim());
        } catch (NumberFormatException e) {
            throw new BaseLinkerRefusal(null, "not a BaseLinker order id: '" + orderId + "'");
        }
    }
}
