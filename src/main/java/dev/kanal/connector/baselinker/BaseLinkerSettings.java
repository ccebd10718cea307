package dev.kanal.connector.baselinker;

import dev.kanal.connector.ChannelConnection;

/**
 * A BaseLinker account's settings, read from its {@code settings} in the client file (all
 * optional; the token is its one credential). {@code ChannelType.BASELINKER} lists the keys, so
 * {@code validate} reports others.
 *
 * @param inventoryId     {@code inventory-id}: the catalog Kanal reads listings from and writes
 *                        stock to; null = the account's default catalog ({@code getInventories})
 * @param warehouse       {@code warehouse}: the warehouse whose stock Kanal sets, e.g. {@code bl_1};
 *                        null = the catalog's default warehouse
 * @param priceGroup      {@code price-group}: the price group Kanal writes prices to (and reads a
 *                        listing's price from); null = none named (prices are not written; a
 *                        listing's price is read from the catalog's default group)
 * @param statusAccepted  {@code status-accepted}: the status (id or name) an accepted order moves
 *                        to; null = Kanal does not acknowledge orders
 * @param statusShipped   {@code status-shipped}: the status a shipped order moves to; null = none
 * @param statusCancelled {@code status-cancelled}: the status that cancels an order; null = Kanal
 *                        cannot cancel on BaseLinker
 * @param orderSource     {@code order-source}: import only orders of this source (allegro, ebay,
 *                        shop, personal); null = every source
 * @param journal         {@code journal}: read status changes from the order journal (default
 *                        true; BaseLinker's support must activate it, else it answers nothing)
 */
record BaseLinkerSettings(Long inventoryId, String warehouse, Long priceGroup, String statusAccepted, String statusShipped,
                          String statusCancelled, String orderSource, boolean journal) {

    static BaseLinkerSettings of(ChannelConnection connection) {
        String journal = optional(connection, "journal");
        return new BaseLinkerSettings(number(connection, "inventory-id"), optional(connection, "warehouse"),
                number(connection, "price-group"), optional(connection, "status-accepted"),
                optional(connection, "status-shipped"), optional(connection, "status-cancelled"),
                optional(connection, "order-source"), journal == null || Boolean.parseBoolean(journal.trim()));
    }

    /** A setting that names a BaseLinker id; one that is not a number refuses the call, naming the account. */
    private static Long number(ChannelConnection connection, String key) {
        String value = optional(connection, key);
        try {
            return value == null ? null : Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new BaseLinkerRefusal(null, "BaseLinker account " + connection.account()
                    + ": " + key + " must be a number, not '" + value + "'");
        }
    }

    private static String optional(ChannelConnection connection, String key) {
        return connection.setting(key);
    }
}
