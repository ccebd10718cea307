package dev.kanal.sandbox.baselinker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One price group of the account's storage, as {@code getInventoryPriceGroups} describes it
 * (BaseLinker's method page): id, name, description, currency, whether it is the default, and how
 * its prices come about: {@code standard} (set per product), {@code dependent_on_price_group}
 * (BaseLinker calculates them from a source group: times {@code price_multiplier}, plus
 * {@code price_addition}) or {@code dependent_on_average_cost}. Guarded by the account's lock.
 */
final class SandboxPriceGroup {

    static final List<String> TYPES = List.of("standard", "dependent_on_price_group", "dependent_on_average_cost");

    final long id;
    final boolean isDefault;
    String name;
    String description = "";
    String currency;
    String type = "standard";
    long sourceGroupId;
    double multiplier = 1;
    double addition;

    SandboxPriceGroup(long id, String name, String currency, boolean isDefault) {
        this.id = id;
        this.name = name;
        this.currency = currency;
        this.isDefault = isDefault;
    }

    /**
     * Changes the fields the control body names ({@code name, description, currency,
     * price_group_type, source_price_group_id, price_multiplier, price_addition}), as
     * addInventoryPriceGroup would; a standard group has no source, multiplier 1 and addition 0.
     */
    void change(JsonNode body, Map<Long, SandboxPriceGroup> groups) {
        String newCurrency = body.path("currency").asText(currency);
        if (!newCurrency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be a 3-letter code in capitals, e.g. EUR");
        }
        String newType = body.path("price_group_type").asText(type);
        if (!TYPES.contains(newType)) {
            throw new IllegalArgumentException("price_group_type must be one of " + TYPES);
        }
        long source = body.path("source_price_group_id").asLong("dependent_on_price_group".equals(newType) ? sourceGroupId : 0);
        if ("dependent_on_price_group".equals(newType)) {
            if (source == id || !groups.containsKey(source)) {
                throw new IllegalArgumentException("a dependent_on_price_group group needs source_price_group_id, another group");
            }
        } else {
            source = 0;
        }
        if (isDefault && !"standard".equals(newType)) {
            throw new IllegalArgumentException("the default price group is standard");
        }
        name = body.path("name").asText(name);
        description = body.path("description").asText(description);
        currency = newCurrency;
        type = newType;
        sourceGroupId = source;
        boolean standard = "standard".equals(type);
        multiplier = standard ? 1 : body.path("price_multiplier").asDouble(multiplier);
        addition = standard ? 0 : body.path("price_addition").asDouble(addition);
    }

    Map<String, Object> describe() {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("price_group_id", id);
        group.put("name", name);
        group.put("description", description);
        group.put("currency", currency);
        group.put("is_default", isDefault);
        group.put("price_group_type", type);
        group.put("source_price_group_id", sourceGroupId);
        group.put("price_multiplier", multiplier);
        group.put("price_addition", addition);
        group.put("is_bundle_price_calculated", false);
        group.put("bundle_price_multiplier", 1.0);
        group.put("bundle_price_addition", 0.0);
        return group;
    }
}
