package dev.kanal.pricing;

import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SubiektPriceReader;
import dev.kanal.stock.ChannelAccounts;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The prices-out beans the routes in routes/flows/prices-out.camel.yaml and the source poll call. */
@Configuration(proxyBeanMethods = false)
class PricingConfiguration {

    @Bean
    PriceTargets priceTargets(JdbcTemplate jdbc, ClientRegistry clients, ChannelAccounts accounts) {
        return new PriceTargets(jdbc, clients, accounts);
    }

    @Bean
    SourcePrices sourcePrices(JdbcTemplate jdbc, ClientRegistry clients, SourceDataSources sources, PriceTargets targets) {
        return new SourcePrices(jdbc, clients, sources, new SubiektPriceReader(), targets);
    }

    /** What products out asks a new product's price of (decision 0040): the account's rule. */
    @Bean
    RuleOfferPrices offerPrices(JdbcTemplate jdbc, ClientRegistry clients) {
        return new RuleOfferPrices(jdbc, clients);
    }

    @Bean
    PriceBreakdown priceBreakdown(JdbcTemplate jdbc, ChannelAccounts accounts, ClientRegistry clients) {
        return new PriceBreakdown(jdbc, accounts, clients);
    }

    @Bean
    ChannelPriceWriter priceWriter(JdbcTemplate jdbc, ClientRegistry clients, ChannelAccounts accounts,
                                   @Value("${kanal.stock.max-drain:PT5M}") Duration maxDrain) {
        return new ChannelPriceWriter(jdbc, clients, accounts, maxDrain);
    }
}
