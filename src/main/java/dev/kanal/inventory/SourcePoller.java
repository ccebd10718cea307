package dev.kanal.inventory;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.SourceType;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SourceStockRow;
import dev.kanal.connector.subiekt.SubiektStockReader;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One poll of a client's source: read its stock, store what changed; then announce the changed SKUs. */
public class SourcePoller {

    private static final Logger log = LoggerFactory.getLogger(SourcePoller.class);

    private final ClientRegistry clients;
    private final SourceDataSources sources;
    private final SubiektStockReader reader;
    private final SourceStockSync sync;
    private final StockChangePublisher publisher;

    public SourcePoller(ClientRegistry clients, SourceDataSources sources, SubiektStockReader reader,
                        SourceStockSync sync, StockChangePublisher publisher) {
        this.clients = clients;
        this.sources = sources;
        this.reader = reader;
        this.sync = sync;
        this.publisher = publisher;
    }

    /** What one poll saw and did: the SKUs whose sellable units changed, stored with their recalculation requests. */
    public record PollResult(String client, int rowsRead, Set<String> changed) {

        public int skusChanged() {
            return changed.size();
        }
    }

    /** Reads the client's source and stores what changed; announcing it is {@link #announce}'s. */
    public PollResult poll(String client) {
        ClientConfig config = clients.require(client);
        if (config.source().type() != SourceType.SUBIEKT) {
            return new PollResult(client, 0, Set.of());
        }
        long started = System.nanoTime();
        List<SourceStockRow> rows = reader.readStock(sources.of(client, config.source()));
        long read = System.nanoTime();
        Set<String> changed = sync.apply(client, rows);
        if (!changed.isEmpty() && log.isDebugEnabled()) {
            log.debug("Poll of {}: {} rows read in {} ms, {} SKUs changed, stored in {} ms", client, rows.size(),
                    (read - started) / 1_000_000, changed.size(), (System.nanoTime() - read) / 1_000_000);
        }
        return new PollResult(client, rows.size(), changed);
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
