package dev.kanal.stock;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/** Reads an account's listings named by their channel listing ids, a bounded IN list at a time. */
final class ListingLookup {

    private ListingLookup() {
    }

    /**
     * @param select a query on {@code listing} whose WHERE ends with {@code channel_account_id = ?}
     *               (and any further conditions); {@code AND channel_listing_id IN (...)} is added
     */
    static void byChannelIds(JdbcTemplate jdbc, String select, long accountId, Collection<String> channelListingIds,
                             RowCallbackHandler rows) {
        List<String> ids = List.copyOf(channelListingIds);
        for (int from = 0; from < ids.size(); from += QuantityCalculator.CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + QuantityCalculator.CHUNK));
            List<Object> args = new ArrayList<>(chunk.size() + 1);
            args.add(accountId);
            args.addAll(chunk);
            jdbc.query(select + " AND channel_listing_id IN (" + QuantityCalculator.placeholders(chunk.size()) + ")", rows,
                    args.toArray());
        }
    }
}
