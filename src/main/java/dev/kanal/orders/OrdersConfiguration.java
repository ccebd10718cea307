package dev.kanal.orders;

import dev.kanal.inventory.StockChangePublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The beans routes/flows/orders-allocate.camel.yaml calls. */
@Configuration(proxyBeanMethods = false)
class OrdersConfiguration {

    @Bean
    OrderAllocator orderAllocator(JdbcTemplate jdbc, TransactionTemplate tx, StockChangePublisher stockChanges) {
        return new OrderAllocator(jdbc, tx, stockChanges);
    }
}
