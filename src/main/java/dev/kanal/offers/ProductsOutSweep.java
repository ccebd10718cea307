package dev.kanal.offers;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.ProductsOut;
import dev.kanal.stock.AccountRef;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep of {@code products-out: all} accounts (route {@code products-out-sweep}): each run
 * offers up to {@code batch} SKUs per account that have no listing on it and were never offered
 * to it. A SKU offered once is not picked again (its outcome stands; failures are retried by
 * the planner's rule), so a catalogue goes out a batch per run and new source products follow.
 */
public class ProductsOutSweep {

    private static final Logger log = LoggerFactory.getLogger(ProductsOutSweep.class);

    private final ClientRegistry clients;
    private final ProductOffers offers;
    private final int batch;

    ProductsOutSweep(ClientRegistry clients, ProductOffers offers, int batch) {
        this.clients = clients;
        this.offers = offers;
        this.batch = batch;
    }

    /** Offers what is due; answers how many SKUs were offered. */
    public int sweep() {
        int offered = 0;
        for (ClientConfig client : clients.all()) {
            for (ChannelAccountConfig account : client.channelAccounts()) {
                if (account.productsOut() != ProductsOut.ALL || !account.live()) {
                    continue;
                }
                AccountRef ref = new AccountRef(client.id(), account.id());
                try {
                    List<String> due = offers.unoffered(ref, batch);
                    if (!due.isEmpty()) {
                        offers.offer(ref, due, Map.of(), OfferTrigger.SWEEP);
                        offered += due.size();
                    }
                } catch (RuntimeException e) {
                    // one account's trouble (its source, its channel) does not stop the others
                    log.warn("Products out for {}/{} failed this run: {}", client.id(), account.id(), e.toString());
                }
            }
        }
        return offered;
    }
}
