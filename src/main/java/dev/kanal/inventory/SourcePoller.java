package dev.kanal.inventory;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.SourceType;
import dev.kanal.connector.SourceConnector;
import dev.kanal.connector.SourceConnectors;
import dev.kanal.connector.SourceItem;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SubiektStockReader;
import dev.kanal.ops.health.FailureClassifier;
import dev.kanal.ops.health.HealthRecorder;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of a client's source: read its stock, store what changed; then announce the changed
 * SKUs. A Subiekt-style ERP is read from its database; a shop source through its
 * {@link SourceConnector} ({@link ShopSourceReader}). Both end in {@link SourceStockSync} and the
 * same announcement, so the calculation and the pushes do not know which kind of source it was.
 */
public class SourcePoller {

    private static final Logger log = LoggerFactory.getLogger(SourcePoller.class);

    private final ClientRegistry clients;
    private final SourceDataSources sources;
    private final SubiektStockReader reader;
    private final SourceStockSync sync;
    private final StockChangePublisher publisher;
    private final HealthRecorder health;
    private final ShopSourceReader shops;
    private final SourceConnectors connectors;

    public SourcePoller(ClientRegistry clients, SourceDataSources sources, SubiektStockReader reader,
                        SourceStockSync sync, StockChangePublisher publisher, HealthRecorder health,
                        ShopSourceReader shops, SourceConnectors connectors) {
        this.clients = clients;
        this.sources = sources;
        this.reader = reader;
        this.sync = sync;
        this.publisher = publisher;
        this.health = health;
        this.shops = shops;
        this.connectors = connectors;
    }

    /**
     * What one poll saw and did: the SKUs whose sellable units changed, stored with their
     * recalculation requests; and a shop's items as read, whose prices the route's price step
     * stores (flow 5; empty for an ERP, whose prices are read apart).
     */
    public record PollResult(String client, int rowsRead, Set<String> changed, List<SourceItem> items) {

        public int skusChanged() {
            return changed.size();
        }
    }

    /** Reads the client's source and stores what changed; announcing it is {@link #announce}'s. */
    public PollResult poll(String client) {
        ClientConfig config = clients.require(client);
        if (config.source().type() != SourceType.SUBIEKT) {
            return pollShop(client, config);
        }
        long started = System.nanoTime();
        int[] rowsRead = {0};
        Set<String> changed;
        try {
            DataSource erp = sources.of(client, config.source());
            // streamed: each row is compared as it arrives from the ERP, so a poll never holds them all
            changed = sync.apply(client, each -> reader.readStock(erp, row -> {
                rowsRead[0]++;
                each.accept(row);
            }));
        } catch (RuntimeException e) {
            health.sourcePollFailed(client, FailureClassifier.classify(e, null));
            throw e;
        }
        // committed (apply is its own transaction): the poll is good
        health.sourcePolled(client);
        if (!changed.isEmpty() && log.isDebugEnabled()) {
            log.debug("Poll of {}: {} rows read and compared, {} SKUs changed and stored, in {} ms", client, rowsRead[0],
                    changed.size(), (System.nanoTime() - started) / 1_000_000);
        }
        return new PollResult(client, rowsRead[0], changed, List.of());
    }

    private PollResult pollShop(String client, ClientConfig config) {
        SourceConnector shop = connectors.require(config.source().type());
        ShopSourceReader.Read read;
        try {
            read = shops.poll(client, config.source(), shop);
        } catch (RuntimeException e) {
            health.sourcePollFailed(client, FailureClassifier.classify(e, config.source().baseUrl()));
            throw e;
        }
        health.sourcePolled(client);
        if (!read.changed().isEmpty()) {
            log.debug("Poll of shop source {}: {} items read, {} SKUs changed", client, read.items().size(), read.changed().size());
        }
        return new PollResult(client, read.items().size(), read.changed(), read.items());
    }

    /** One stock.changed notification per changed SKU, after the poll's commit (they are recorded already). */
    public PollResult announce(PollResult poll) {
        long started = System.nanoTime();
        publisher.publishAll(poll.client(), poll.changed(), "erp-poll", true);
        if (log.isDebugEnabled()) {
            log.debug("Poll of {}: {} SKUs announced in {} ms", poll.client(), poll.skusChanged(), (System.nanoTime() - started) / 1_000_000);
        }
        return poll;
    }
}
