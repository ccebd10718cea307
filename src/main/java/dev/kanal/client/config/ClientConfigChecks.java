package dev.kanal.client.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Rules that span fields, after each field is valid on its own: unique ids and codes, references
 * from channel accounts to the client's fulfilment centres and inventory statuses, credentials
 * each channel type needs, trust bundles Spring has. Null-tolerant: a field that failed to bind
 * was already reported.
 */
final class ClientConfigChecks {

    private ClientConfigChecks() {
    }

    /**
     * @param trustBundles the SSL bundle names Spring has configured; null when they cannot be known
     *                     (the {@code validate} command), then names are only checked for their form
     */
    static void check(ClientConfig client, Set<String> trustBundles, FileProblems problems) {
        checkSource(client, trustBundles, problems);

        Set<String> warehouses = new HashSet<>();
        Map<Integer, String> priorities = new HashMap<>();
        List<FulfilmentCentreConfig> centres = client.fulfilmentCentres();
        for (int i = 0; i < centres.size(); i++) {
            FulfilmentCentreConfig centre = centres.get(i);
            if (centre == null) {
                continue;
            }
            String path = FieldPaths.index("fulfilment-centres", i);
            if (centre.warehouse() != null && !warehouses.add(centre.warehouse())) {
                problems.addIfNew(path + ".warehouse", "warehouse '" + centre.warehouse() + "' is listed twice");
            }
            if (centre.priority() != null) {
                String other = priorities.putIfAbsent(centre.priority(), centre.warehouse());
                if (other != null) {
                    problems.addIfNew(path + ".priority", "priority " + centre.priority() + " is also given to '" + other
                            + "'; priorities decide where orders are allocated from and must differ");
                }
            }
        }

        Set<String> statuses = new HashSet<>();
        for (int i = 0; i < client.inventoryStatuses().size(); i++) {
            String status = client.inventoryStatuses().get(i);
            if (status != null && !statuses.add(status)) {
                problems.addIfNew(FieldPaths.index("inventory-statuses", i), "status '" + status + "' is listed twice");
            }
        }

        checkReturnRules(client, statuses, problems);

        Map<String, Integer> accountIds = new HashMap<>();
        List<ChannelAccountConfig> accounts = client.channelAccounts();
        for (int i = 0; i < accounts.size(); i++) {
            ChannelAccountConfig account = accounts.get(i);
            if (account == null) {
                continue;
            }
            String path = FieldPaths.index("channel-accounts", i);
            if (account.id() != null) {
                Integer first = accountIds.putIfAbsent(account.id(), i);
                if (first != null) {
                    problems.addIfNew(path + ".id", "account id '" + account.id() + "' is already used by channel-accounts["
                            + first + "]; account ids must be unique within a client");
                }
            }
            checkAccount(account, path, warehouses, statuses, problems);
            checkShopPriceLevel(client.source(), account.pricing(), path + ".pricing.price-level", problems);
            checkTrustBundle(account.trustBundle(), account.baseUrl(), path, "base-url", trustBundles, problems,
                    "channel account '" + account.id() + "' of client '" + client.id() + "'");
        }
    }

    /** Each reason in one rule at most, and every rule's unit status one the client declares. */
    private static void checkReturnRules(ClientConfig client, Set<String> statuses, FileProblems problems) {
        Map<ReturnReason, Integer> ruleOf = new HashMap<>();
        List<ReturnRuleConfig> rules = client.returns();
        for (int i = 0; i < rules.size(); i++) {
            ReturnRuleConfig rule = rules.get(i);
            if (rule == null) {
                continue;
            }
            String path = FieldPaths.index("returns", i);
            for (int r = 0; r < rule.reasons().size(); r++) {
                ReturnReason reason = rule.reasons().get(r);
                if (reason == null) {
                    continue;
                }
                Integer first = ruleOf.putIfAbsent(reason, i);
                if (first != null) {
                    problems.addIfNew(FieldPaths.index(path + ".reasons", r), "reason '" + reason.code()
                            + "' is already covered by returns[" + first + "]; a returned unit must have one rule");
                }
            }
            if (rule.unitStatus() != null && !statuses.contains(rule.unitStatus())) {
                problems.addIfNew(path + ".unit-status", "inventory status '" + rule.unitStatus()
                        + "' is not in this client's inventory-statuses"
                        + (statuses.isEmpty() ? "" : " (declared: " + String.join(", ", statuses.stream().sorted().toList()) + ")"));
            }
        }
    }

    private static void checkSource(ClientConfig client, Set<String> trustBundles, FileProblems problems) {
        SourceConfig source = client.source();
        if (source == null || source.type() == null) {
            return;
        }
        if (source.type() == SourceType.WOOCOMMERCE) {
            checkShopSource(client, source, trustBundles, problems);
        } else {
            checkTrustBundle(source.trustBundle(), source.gatewayUrl(), "source", "gateway-url", trustBundles, problems,
                    "the ERP gateway of client '" + client.id() + "'");
            if (isBlank(source.jdbcUrl())) {
                problems.addIfNew("source.jdbc-url", "must not be blank for a subiekt source (stock is read from its database)");
            } else if (!source.jdbcUrl().startsWith("jdbc:")) {
                problems.addIfNew("source.jdbc-url", "must be a JDBC URL starting with 'jdbc:'");
            }
            if (isBlank(source.gatewayUrl())) {
                problems.addIfNew("source.gateway-url", "must not be blank for a " + KebabEnums.code(source.type()) + " source");
            }
        }
        if (source.pollInterval().compareTo(Duration.ofSeconds(1)) < 0) {
            problems.addIfNew("source.poll-interval", "must be at least 1s");
        }
    }

    /**
     * A WooCommerce source is reached like a WooCommerce channel account: its API root and both
     * keys are needed; the ERP's fields mean nothing for it and are reported rather than ignored.
     */
    private static void checkShopSource(ClientConfig client, SourceConfig source, Set<String> trustBundles, FileProblems problems) {
        if (isBlank(source.baseUrl())) {
            problems.addIfNew("source.base-url", "must not be blank for a woocommerce source (the shop's API root, "
                    + "e.g. https://shop.example/wp-json/wc/v3)");
        } else {
            checkTrustBundle(source.trustBundle(), source.baseUrl(), "source", "base-url", trustBundles, problems,
                    "the shop of client '" + client.id() + "'");
        }
        List<String> missing = SourceConfig.WOOCOMMERCE_CREDENTIALS.stream()
                .filter(key -> isBlank(source.credentials().get(key))).map(key -> "'" + key + "'").toList();
        if (!missing.isEmpty()) {
            problems.addIfNew("source.credentials", "missing " + String.join(", ", missing)
                    + " (a woocommerce source needs the shop's REST API keys: "
                    + String.join(", ", SourceConfig.WOOCOMMERCE_CREDENTIALS) + ")");
        }
        for (String key : source.credentials().keySet()) {
            if (!SourceConfig.WOOCOMMERCE_CREDENTIALS.contains(key)) {
                problems.addIfNew("source.credentials." + key, "unknown credential (a woocommerce source reads: "
                        + String.join(", ", SourceConfig.WOOCOMMERCE_CREDENTIALS) + ")");
            }
        }
        for (String[] erpField : new String[][] {{"jdbc-url", source.jdbcUrl()}, {"jdbc-user", source.jdbcUser()},
                {"jdbc-password", source.jdbcPassword()}, {"gateway-url", source.gatewayUrl()}, {"api-key", source.apiKey()}}) {
            if (!isBlank(erpField[1])) {
                problems.addIfNew("source." + erpField[0], "is a subiekt source's setting; a woocommerce source does not read it");
            }
        }
        if (client.fulfilmentCentres().stream().noneMatch(centre -> centre.warehouse().equals(source.warehouse()))) {
            problems.addIfNew("source.warehouse", "warehouse '" + source.warehouse() + "' (where the shop's stock is on hand) "
                    + "must be one of this client's fulfilment-centres");
        }
    }

    private static void checkAccount(ChannelAccountConfig account, String path, Set<String> warehouses,
            Set<String> statuses, FileProblems problems) {
        if (account.type() != null) {
            List<String> missing = account.type().requiredCredentials().stream()
                    .filter(key -> !account.credentials().containsKey(key))
                    .map(key -> "'" + key + "'")
                    .toList();
            if (!missing.isEmpty()) {
                problems.addIfNew(path + ".credentials", "missing " + String.join(", ", missing) + " (a "
                        + KebabEnums.code(account.type()) + " account needs: "
                        + String.join(", ", account.type().requiredCredentials()) + ")");
            }
            checkSettings(account, path, problems);
        }
        if (account.importOrders() && account.statusMap().isEmpty()) {
            problems.addIfNew(path + ".status-map",
                    "must not be empty when import-orders is true (every imported order status needs a mapping)");
        }
        checkPricing(account.pricing(), path + ".pricing", problems);
        if (account.productsOut() != ProductsOut.OFF && account.mappingMode() == MappingMode.VARIATION) {
            problems.addIfNew(path + ".products-out", "must be off when mapping-mode is variation (a product offered "
                    + "to the channel becomes a listing mapped to its SKU)");
        }
        if (account.type() == ChannelType.WALMART && account.pricing() != null && account.pricing().currency() != null
                && !Set.of("USD", "CAD").contains(account.pricing().currency())) {
            problems.addIfNew(path + ".pricing.currency", "Walmart takes prices in USD or CAD, not " + account.pricing().currency()
                    + " (set rate to convert the source's prices)");
        }
        checkReferences(account.warehouses(), path + ".warehouses", warehouses, problems,
                "warehouse '%s' is not a fulfilment centre of this client");
        checkReferences(account.inventoryStatuses(), path + ".inventory-statuses", statuses, problems,
                "inventory status '%s' is not in this client's inventory-statuses");
    }

    /**
     * A shop has one price per item, its regular price, which Kanal keeps as level 1 (decision
     * 0046): a rule starting from another level would never get a price, so it is refused.
     */
    private static void checkShopPriceLevel(SourceConfig source, PricingConfig pricing, String path, FileProblems problems) {
        if (source == null || source.type() == null || source.type() == SourceType.SUBIEKT || pricing == null
                || pricing.priceLevel() == null || pricing.priceLevel() == 1) {
            return;
        }
        problems.addIfNew(path, "must be 1 (or left out) when the source is a " + KebabEnums.code(source.type())
                + " shop: a shop has one price per product or variation, its regular price, which is price level 1; level "
                + pricing.priceLevel() + " is an ERP's");
    }

    /** A price rule whose bounds contradict each other would hold or clamp every price: refused. */
    private static void checkPricing(PricingConfig pricing, String path, FileProblems problems) {
        if (pricing == null) {
            return;
        }
        if (pricing.minimum() != null && pricing.maximum() != null && pricing.minimum().compareTo(pricing.maximum()) > 0) {
            problems.addIfNew(path + ".minimum", "minimum " + pricing.minimum().toPlainString() + " is above maximum "
                    + pricing.maximum().toPlainString() + ": no price could satisfy both");
        }
        if (pricing.floor() != null && pricing.maximum() != null && pricing.floor().compareTo(pricing.maximum()) > 0) {
            problems.addIfNew(path + ".floor", "floor " + pricing.floor().toPlainString() + " is above maximum "
                    + pricing.maximum().toPlainString() + ": every price would be held");
        }
        for (var amount : java.util.Map.of("add-on", pricing.addOn(), "minimum", nullToZero(pricing.minimum()),
                "maximum", nullToZero(pricing.maximum()), "floor", nullToZero(pricing.floor())).entrySet()) {
            if (amount.getValue().scale() > 2 && amount.getValue().stripTrailingZeros().scale() > 2) {
                problems.addIfNew(path + "." + amount.getKey(), "has more than two decimals: prices are sent to the cent");
            }
        }
    }

    private static java.math.BigDecimal nullToZero(java.math.BigDecimal value) {
        return value == null ? java.math.BigDecimal.ZERO : value;
    }

    /**
     * Settings keys the account's type does not read are reported (a typo would otherwise be
     * ignored silently), and so are settings written under {@code credentials}, where they are
     * not read.
     */
    private static void checkSettings(ChannelAccountConfig account, String path, FileProblems problems) {
        List<String> known = account.type().settings();
        for (String key : account.settings().keySet()) {
            if (!known.contains(key)) {
                problems.addIfNew(path + ".settings." + key, known.isEmpty()
                        ? "unknown setting: a " + KebabEnums.code(account.type()) + " account has no settings"
                        : "unknown setting (a " + KebabEnums.code(account.type()) + " account reads: "
                                + String.join(", ", known) + ")");
            }
        }
        for (String key : account.credentials().keySet()) {
            if (known.contains(key)) {
                problems.addIfNew(path + ".credentials." + key, "is a setting, not a credential: move it under settings");
            }
        }
        if (account.type() == ChannelType.BASELINKER && account.pricing() != null) {
            checkPriceGroup(account.settings().get("price-group"), path + ".settings.price-group", problems);
        }
        String weight = account.type() == ChannelType.WALMART ? account.settings().get("shipping-weight") : null;
        if (weight != null && !weight.trim().matches("\\d{1,6}(\\.\\d{1,3})?")) {
            problems.addIfNew(path + ".settings.shipping-weight", "must be a weight in pounds of at least 0 with at most three"
                    + " decimals, e.g. \"1.5\" (Walmart's item-match feed takes thousandths)");
        }
    }

    /**
     * BaseLinker keeps a price per price group and has no "the" price: an account with a rule
     * names the group Kanal writes to (docs/decisions/0042).
     */
    private static void checkPriceGroup(String priceGroup, String path, FileProblems problems) {
        if (isBlank(priceGroup)) {
            problems.addIfNew(path, "is required on a baselinker account with a pricing block: the id of the BaseLinker "
                    + "price group Kanal writes the rule's prices to (one of the catalog's price_groups, in the rule's currency)");
        } else if (!priceGroup.trim().matches("[1-9]\\d{0,17}")) {
            problems.addIfNew(path, "must be a BaseLinker price group id (a whole number above 0), not '" + priceGroup + "'");
        }
    }

    /**
     * A named trust bundle must exist (when the names are known) and have an https URL to apply
     * to. Never a reason to skip verification: an unknown name stops start-up.
     */
    private static void checkTrustBundle(String bundle, String url, String path, String urlKey, Set<String> trustBundles,
            FileProblems problems, String who) {
        if (bundle == null || problems.reportedAt(path + ".trust-bundle")) {
            return;
        }
        if (url != null && !url.regionMatches(true, 0, "https://", 0, 8)) {
            problems.add(path + ".trust-bundle", "is set but " + urlKey + " is not https://: a trust bundle only "
                    + "decides which server certificates " + who + " trusts");
        }
        if (trustBundles != null && !trustBundles.contains(bundle)) {
            problems.add(path + ".trust-bundle", who + " names trust bundle '" + bundle + "', which is not configured; "
                    + "configured: " + (trustBundles.isEmpty() ? "(none)" : String.join(", ", trustBundles.stream().sorted().toList()))
                    + " (declare it as spring.ssl.bundle.pem." + bundle + ".truststore.certificate or spring.ssl.bundle.jks."
                    + bundle + ".truststore.location)");
        }
    }

    private static void checkReferences(List<String> codes, String path, Set<String> declared, FileProblems problems,
            String notDeclared) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            if (code == null || code.isBlank()) {
                continue;
            }
            if (!declared.contains(code)) {
                problems.addIfNew(FieldPaths.index(path, i), String.format(notDeclared, code)
                        + (declared.isEmpty() ? "" : " (declared: " + String.join(", ", declared.stream().sorted().toList()) + ")"));
            } else if (!seen.add(code)) {
                problems.addIfNew(FieldPaths.index(path, i), "'" + code + "' is listed twice");
            }
        }
    }

    private static boolean isBlank(String value) {
        return Objects.requireNonNullElse(value, "").isBlank();
    }
}
