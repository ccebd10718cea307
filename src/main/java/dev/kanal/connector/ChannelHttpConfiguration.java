package dev.kanal.connector;

import javax.sql.DataSource;
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
}
