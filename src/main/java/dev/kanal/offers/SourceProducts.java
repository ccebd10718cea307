package dev.kanal.offers;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.SourceType;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SourceProduct;
import dev.kanal.connector.subiekt.SubiektProductReader;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client's source products by SKU, read when they are offered (the ERP's product card is the
 * truth at that moment; Kanal's catalogue holds SKUs, not names or barcodes). A Subiekt-style
 * ERP is read over JDBC; other source types have no product reader here yet.
 */
class SourceProducts {

    private final SourceDataSources sources;
    private final SubiektProductReader reader = new SubiektProductReader();

    SourceProducts(SourceDataSources sources) {
        this.sources = sources;
    }

    /** Thrown when the client's source type cannot be read for products. */
    static final class UnsupportedSource extends RuntimeException {
        UnsupportedSource(String message) {
            super(message);
        }
    }

    Map<String, SourceProduct> read(ClientConfig client, Collection<String> skus) {
        if (client.source() == null || client.source().type() != SourceType.SUBIEKT) {
            throw new UnsupportedSource("products out reads products from a Subiekt-style ERP only; this client's source is "
                    + (client.source() == null ? "not set" : client.source().type().name().toLowerCase()));
        }
        Map<String, SourceProduct> bySku = new LinkedHashMap<>();
        reader.readProducts(sources.of(client.id(), client.source()), skus).forEach(p -> bySku.put(p.symbol(), p));
        return bySku;
    }
}
