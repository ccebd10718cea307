package dev.kanal.connector;

import dev.kanal.client.config.SourceConfig;
import java.util.Collection;
import java.util.List;

/**
 * A source connector's capability to read product cards by SKU, for products out (flow 5;
 * {@link SourceConnector#productReader()}).
 */
@FunctionalInterface
public interface SourceProductReader {

    /**
     * The products with these SKUs, read in as few calls as the source allows and within its call
     * budget; SKUs the source does not sell are left out.
     *
     * @param client the client whose source it is (for logs and the call budget)
     * @throws ChannelUnavailableException the source could not be read now (an offer is tried again later)
     */
    List<SourceProduct> readProducts(String client, SourceConfig source, Collection<String> skus);
}
