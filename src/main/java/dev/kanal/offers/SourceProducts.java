package dev.kanal.offers;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.SourceType;
import dev.kanal.connector.SourceConnector;
import dev.kanal.connector.SourceConnectors;
import dev.kanal.connector.SourceProduct;
import dev.kanal.connector.SourceProductReader;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SubiektProductReader;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's source products by SKU, read when they are offered (the source's product card is
 * the truth at that moment; Kanal's catalogue holds SKUs, not names or barcodes). A Subiekt-style
 * ERP is read over JDBC; a source reached over an API (a WooCommerce shop) through its
 * {@link SourceConnector}'s {@link SourceProductReader}.
 */
class SourceProducts {

    private final SourceDataSources sources;
    private final SourceConnectors connectors;
    private final SubiektProductReader reader = new SubiektProductReader();

    SourceProducts(SourceDataSources sources, SourceConnectors connectors) {
        this.sources = sources;
        this.connectors = connectors;
    }

    /** Thrown when the client's source type cannot be read for products. */
    static final class UnsupportedSource extends RuntimeException {
        UnsupportedSource(String message) {
            super(message);
        }
    }

    Map<String, SourceProduct> read(ClientConfig client, Collection<String> skus) {
        if (client.source() == null) {
            throw new UnsupportedSource("products out needs a source; client " + client.id() + " has none");
        }
        List<SourceProduct> read;
        if (client.source().type() == SourceType.SUBIEKT) {
            read = reader.readProducts(sources.of(client.id(), client.source()), skus);
        } else {
            SourceProductReader products = connectors.find(client.source().type()).flatMap(SourceConnector::productReader)
                    .orElseThrow(() -> new UnsupportedSource("products out cannot read products from a "
                            + client.source().type().name().toLowerCase() + " source yet"));
            read = products.readProducts(client.id(), client.source(), skus);
        }
        Map<String, SourceProduct> bySku = new LinkedHashMap<>();
        read.forEach(p -> bySku.put(p.sku(), p));
        return bySku;
    }
}
