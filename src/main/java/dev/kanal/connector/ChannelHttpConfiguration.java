package dev.kanal.connector;

import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The call budgets every connector's {@link ChannelHttp} takes its calls from.
 * {@code kanal.connectors.call-budgets}: {@code shared} (default) keeps them in the database all
 * nodes use, so N nodes together stay within each account's budget; {@code in-jvm} keeps them in
 * this node's memory, correct only when one node calls the channels (docs/decisions/0028).
 */
@Configuration(proxyBeanMethods = false)
class ChannelHttpConfiguration {

    @Bean
    CallBudgets callBudgets(@Value("${kanal.connectors.call-budgets:shared}") String where, DataSource database) {
        return switch (where) {
            case "shared" -> new SharedCallBudgets(database);
            case "in-jvm" -> CallBudgets.inJvm();
            default -> throw new IllegalStateException("kanal.connectors.call-budgets must be shared or in-jvm, not " + where);
        };
    }

    /**
     * {@code kanal.connectors.http-transport}: {@code jdk} (default, java.net.http) or {@code camel}
     * (camel-http endpoints with the timeouts in their URIs); docs/decisions/0027.
     */
    @Bean
    ChannelTransports channelTransports(@Value("${kanal.connectors.http-transport:jdk}") String transport,
                                        ObjectProvider<CamelContext> camel) {
        return switch (transport) {
            case "jdk" -> ChannelTransports.jdk();
            case "camel" -> ChannelTransports.camel(camel::getObject);
            default -> throw new IllegalStateException("kanal.connectors.http-transport must be jdk or camel, not " + transport);
        };
    }
}
