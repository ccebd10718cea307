package dev.kanal.stock;

import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.TrustBundles;
import dev.kanal.ops.TableStatistics;
import dev.kanal.ops.health.HealthRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The stock-out beans the routes in routes/flows/stock-out.camel.yaml call. */
@Configuration(proxyBeanMethods = false)
class StockConfiguration {

    @Bean
    QuantityCalculator quantityCalculator(JdbcTemplate jdbc) {
        return new QuantityCalculator(jdbc);
    }

    @Bean
    ChannelAccounts channelAccounts(JdbcTemplate jdbc, ClientRegistry clients, ChannelConnectors connectors,
                                    TrustBundles trustBundles) {
        return new ChannelAccounts(jdbc, clients, connectors, trustBundles);
    }

    @Bean
    ListingImporter listingImporter(JdbcTemplate jdbc, TransactionTemplate tx, ChannelAccounts accounts, TableStatistics statistics) {
        return new ListingImporter(jdbc, tx, accounts, statistics);
    }

    @Bean
    Reconciliation reconciliation(JdbcTemplate jdbc, ChannelAccounts accounts) {
        return new Reconciliation(jdbc, accounts);
    }

    @Bean
    QuantityBreakdown quantityBreakdown(JdbcTemplate jdbc) {
        return new QuantityBreakdown(jdbc);
    }

    @Bean
    AccountPreview accountPreview(JdbcTemplate jdbc, ChannelAccounts accounts, QuantityBreakdown breakdown) {
        return new AccountPreview(jdbc, accounts, breakdown);
    }

    @Bean
    ListingImportJobs listingImportJobs(ListingImporter importer, StockCalculation calculation, StockNudges nudges,
                                        ChannelAccounts accounts, JdbcTemplate jdbc) {
        return new ListingImportJobs(importer, calculation, nudges, accounts, jdbc);
    }

    @Bean
    StockNudges stockNudges(ProducerTemplate producer) {
        return new StockNudges(producer);
    }

    @Bean
    WriterGate writerGate() {
        return new WriterGate();
    }

    @Bean
    StockCalculation stockCalculation(QuantityCalculator calculator, JdbcTemplate jdbc, ChannelAccounts accounts, WriterGate gate,
                                      @Value("${kanal.stock.recalculate-batch:" + StockCalculation.DEFAULT_REQUESTS_PER_TICK + "}") int requestsPerTick) {
        return new StockCalculation(calculator, jdbc, accounts, gate, requestsPerTick);
    }

    @Bean
    RecalculationUpkeep recalculationUpkeep(StockCalculation calculation, TableStatistics statistics) {
        return new RecalculationUpkeep(calculation, statistics);
    }

    @Bean
    PushStateUpkeep pushStateUpkeep(JdbcTemplate jdbc, ChannelStockWriter stockWriter, TableStatistics statistics) {
        return new PushStateUpkeep(jdbc, stockWriter::listingsRecorded, stockWriter::draining, statistics);
    }

    @Bean
    ChannelStockWriter stockWriter(JdbcTemplate jdbc, ClientRegistry clients, ChannelAccounts accounts,
                                   WriterGate gate, MeterRegistry meters, HealthRecorder health,
                                   @Value("${kanal.stock.max-drain:PT5M}") Duration maxDrain,
                                   @Value("${kanal.stock.coalesce-window:PT0.1S}") Duration coalesceWindow,
                                   @Value("${kanal.stock.max-gather:PT1S}") Duration maxGather) {
        return new ChannelStockWriter(jdbc, clients, accounts, gate, meters, health, maxDrain, coalesceWindow, maxGather);
    }
}
