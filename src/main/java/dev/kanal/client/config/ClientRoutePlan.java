package dev.kanal.client.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The per-client routes a client file calls for, each a {@code templatedRoute} of a template in
 * routes/templates: a source poll, a shipment poll and an invoice poll for a Subiekt-style source,
 * a source poll and a shop shipment poll for a WooCommerce source,
 * and an order poll per channel account that imports orders. The one place these rules are
 * written: the route builders (routes made in memory), the {@code routes} command (a client's
 * routes file) and the drift checks ({@code validate}, start-up) all ask it.
 *
 * <p>Poll intervals are not written into a route: they are property placeholders Kanal answers
 * from the client file ({@link #sourcePollMillisProperty}) and from {@code kanal.orders.poll-interval}
 * ({@link #ORDER_POLL_MILLIS}), so a routes file stays true when an interval changes.
 */
public final class ClientRoutePlan {

    public static final String SOURCE_POLL = "source-poll";
    public static final String SHIPMENT_POLL = "shipment-poll";
    public static final String INVOICE_POLL = "invoice-poll";
    public static final String SHOP_SHIPMENT_POLL = "shop-shipment-poll";
    public static final String ORDER_POLL = "order-poll";
    /** The templates a client's routes are made from; a route of another template in a routes file is the engineer's own. */
    public static final List<String> TEMPLATES = List.of(SOURCE_POLL, SHIPMENT_POLL, INVOICE_POLL, SHOP_SHIPMENT_POLL, ORDER_POLL);
    /** Milliseconds between two order polls of an account ({@code kanal.orders.poll-interval}). */
    public static final String ORDER_POLL_MILLIS = "kanal.orders.poll-interval-millis";

    /** One route of a client: the template, the route id and the template's parameters, in order. */
    public record PlannedRoute(String template, String routeId, Map<String, String> parameters) {
    }

    private ClientRoutePlan() {
    }

    /**
     * Every route the client file calls for, as written in a routes file: an order poll for each
     * account with {@code import-orders: true} that is live (not {@code mode: dry-run}). Whether the account's channel can be polled is
     * known only where the connectors are (at start-up); there {@link #of(ClientConfig, Predicate)}
     * narrows it.
     */
    public static List<PlannedRoute> of(ClientConfig client) {
        return of(client, account -> true);
    }

    /**
     * The client's routes, with an order poll for each account that imports orders and that
     * {@code pollsOrders} accepts (at start-up: its connector offers an order source).
     */
    public static List<PlannedRoute> of(ClientConfig client, Predicate<ChannelAccountConfig> pollsOrders) {
        List<PlannedRoute> routes = new ArrayList<>();
        if (client.source() != null && client.source().type() != null) {
            // a shop source is polled for stock and for the orders Kanal wrote that it shipped; it has no invoices (decision 0044)
            List<String> templates = client.source().type() == SourceType.SUBIEKT
                    ? List.of(SOURCE_POLL, SHIPMENT_POLL, INVOICE_POLL) : List.of(SOURCE_POLL, SHOP_SHIPMENT_POLL);
            for (String template : templates) {
                routes.add(new PlannedRoute(template, template + "-" + client.id(), parameters(
                        "clientId", client.id(), "intervalMillis", "{{" + sourcePollMillisProperty(client.id()) + "}}")));
            }
        }
        for (ChannelAccountConfig account : client.channelAccounts()) {
            if (account.ordersImported() && pollsOrders.test(account)) {
                routes.add(new PlannedRoute(ORDER_POLL, orderPollRouteId(client.id(), account.id()), parameters(
                        "clientId", client.id(), "accountId", account.id(), "intervalMillis", "{{" + ORDER_POLL_MILLIS + "}}")));
            }
        }
        return routes;
    }

    /** The routes of one template among {@link #of(ClientConfig, Predicate)}. */
    public static List<PlannedRoute> of(ClientConfig client, String template, Predicate<ChannelAccountConfig> pollsOrders) {
        return of(client, pollsOrders).stream().filter(route -> route.template().equals(template)).toList();
    }

    public static String orderPollRouteId(String client, String account) {
        return ORDER_POLL + "-" + client + "-" + account;
    }

    /** Milliseconds between two polls of the client's source (its file's {@code source.poll-interval}). */
    public static String sourcePollMillisProperty(String client) {
        return "kanal.clients." + client + ".source-poll-millis";
    }

    private static Map<String, String> parameters(String... namesAndValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return parameters;
    }
}
