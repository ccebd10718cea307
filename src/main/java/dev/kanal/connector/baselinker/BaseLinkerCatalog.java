package dev.kanal.connector.baselinker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.connector.ChannelConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which catalog (inventory) and warehouse of an account Kanal works on: the configured ones, or
 * the account's default catalog and that catalog's default warehouse, asked once
 * ({@code getInventories}) and remembered per account and setting.
 */
class BaseLinkerCatalog {

    /** The catalog and warehouse Kanal reads and writes. */
    record Target(long inventoryId, String warehouse) {
    }

    private final BaseLinkerHttp http;
    private final Map<String, Target> known = new ConcurrentHashMap<>();

    BaseLinkerCatalog(BaseLinkerHttp http) {
        this.http = http;
    }

    Target target(ChannelConnection connection) {
        BaseLinkerSettings settings = BaseLinkerSettings.of(connection);
        if (settings.inventoryId() != null && settings.warehouse() != null) {
            return new Target(settings.inventoryId(), settings.warehouse());
        }
        String key = connection.account() + "|" + settings.inventoryId() + "|" + settings.warehouse();
        Target target = known.get(key);
        if (target == null) {
            target = resolve(connection, settings);
            known.put(key, target);
        }
        return target;
    }

    private Target resolve(ChannelConnection connection, BaseLinkerSettings settings) {
        JsonNode inventories = http.call(connection, "getInventories", http.json().createObjectNode()).path("inventories");
        JsonNode chosen = null;
        for (JsonNode inventory : inventories) {
            boolean wanted = settings.inventoryId() != null
                    ? inventory.path("inventory_id").asLong() == settings.inventoryId()
                    : inventory.path("is_default").asBoolean(false);
            if (wanted) {
                chosen = inventory;
                break;
            }
        }
        if (chosen == null && settings.inventoryId() == null && inventories.size() == 1) {
            chosen = inventories.get(0);
        }
        if (chosen == null) {
            throw new BaseLinkerRefusal(null, "BaseLinker account " + connection.account() + " has no "
                    + (settings.inventoryId() == null ? "default catalog" : "catalog " + settings.inventoryId())
                    + "; set inventory-id to one of its catalogs");
        }
        String warehouse = settings.warehouse() != null ? settings.warehouse() : chosen.path("default_warehouse").asText("");
        if (warehouse.isBlank()) {
            throw new BaseLinkerRefusal(null, "BaseLinker catalog " + chosen.path("inventory_id").asText() + " of "
                    + connection.account() + " has no default warehouse; set warehouse (e.g. bl_1)");
        }
        return new Target(chosen.path("inventory_id").asLong(), warehouse);
    }
}
