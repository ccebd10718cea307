package dev.kanal.offers;

import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.SourceConnectors;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.inventory.StockChangePublisher;
import dev.kanal.stock.ChannelAccounts;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Products out's beans; the prices come from an {@link OfferPrices} bean when there is one. */
@Configuration(proxyBeanMethods = false)
class OffersConfiguration {

    @Bean
    ProductOffers productOffers(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, ChannelAccounts accounts,
            ChannelConnectors connectors, SourceConnectors sourceConnectors, SourceDataSources sources, ObjectProvider<OfferPrices> prices,
            StockChangePublisher stockChanges,
            @Value("${kanal.products-out.stale-claim:5m}") Duration staleClaim) {
        return new ProductOffers(jdbc, tx, clients, accounts, connectors, new SourceProducts(sources, sourceConnectors),
                prices.getIfAvailable(() -> OfferPrices.NONE), stockChanges, new OfferPlanner(staleClaim), Clock.systemUTC());
    }

    @Bean
    ProductsOutSweep productsOutSweep(ClientRegistry clients, ProductOffers offers,
            @Value("${kanal.products-out.sweep-batch:20}") int batch) {
        return new ProductsOutSweep(clients, offers, batch);
    }
}
