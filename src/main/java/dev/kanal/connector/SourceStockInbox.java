package dev.kanal.connector;

import java.util.List;

/**
 * Where a source connector's webhook endpoint hands the items a shop said changed, once the
 * delivery is verified: the inventory flow implements it (the same path as the stock poll), so
 * the connector reaches it without knowing that package.
 */
public interface SourceStockInbox {

    /**
     * Stores the items' stock and announces the SKUs whose sellable units changed.
     *
     * @param via how they came, e.g. {@code webhook}
     * @return how many SKUs changed
     */
    int received(String client, List<SourceItem> items, String via);
}
