package dev.kanal.inventory;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.SourceType;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SourceStockRow;
import dev.kanal.connector.subiekt.SubiektStockReader;
import java.util.List;
import java.util.Set;

/** One poll of a client's source: read its stock, store what changed, announce changed SKUs. */
public class SourcePoller {

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

    /** What one poll saw and did. */
    public record PollResult(String client, int rowsRead, int skusChanged) {
    }

    public PollResult poll(String client) {
        ClientConfig config = clients.require(client);
        if (config.source().type() != SourceType.SUBIEKT) {
            return new PollResult(client, 0, 0);
        }
        List<SourceStockRow> rows = reader.readStock(sources.of(client, config.source()));
        Set<String> changed = sync.apply(client, rows);
        publisher.publishAll(client, changed, "erp-poll", true);
        return new PollResult(client, rows.size(), changed.size());
    }
}
