package dev.kanal.invoices;

import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SubiektGatewayClient;
import dev.kanal.stock.ChannelAccounts;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Flow 6, documents back: the beans the invoice routes call, and the signed links. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InvoicesProperties.class)
class InvoicesConfiguration {

    @Bean
    InvoiceLinks invoiceLinks(JdbcTemplate jdbc, InvoicesProperties properties, @Value("${kanal.public-url:}") String publicUrl,
            Environment environment) {
        return new InvoiceLinks(new InvoiceLinkKey(jdbc, properties.linkSecret()), publicUrl,
                () -> "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080")),
                properties.linkLifetime(), Clock.systemUTC());
    }

    @Bean
    InvoicePoller invoicePoller(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, SourceDataSources sources) {
        return new InvoicePoller(jdbc, tx, clients, sources);
    }

    @Bean
    InvoiceSender invoiceSender(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, SubiektGatewayClient erpGateway,
            ChannelAccounts accounts, ChannelConnectors connectors, InvoiceLinks invoiceLinks, InvoicesProperties properties) {
        return new InvoiceSender(jdbc, tx, clients, erpGateway, accounts, connectors, invoiceLinks, properties.retryAfter(),
                Clock.systemUTC());
    }
}
