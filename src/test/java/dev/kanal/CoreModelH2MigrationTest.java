package dev.kanal;

import static dev.kanal.ConstraintAssertions.assertViolates;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.fulfilment.ShipmentRepository;
import dev.kanal.orders.SalesOrder;
import dev.kanal.orders.SalesOrderRepository;
import java.math.BigDecimal;
import java.sql.Connection;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.orm.jpa.DataJpaTest;
import org.springframework.boot.test.autoconfigure.orm.jpa.TestEntityManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The demo runs on H2 in PostgreSQL mode with the same migrations: they must apply there, and
 * Hibernate's validation must accept the result, or the demo would not start.
 */
@DataJpaTest(showSql = false, properties = "spring.datasource.url="
        + "jdbc:h2:mem:kanal_model;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class CoreModelH2MigrationTest {

    @Autowired TestEntityManager tem;
    @Autowired JdbcTemplate jdbc;
    @Autowired Flyway flyway;
    @Value("${spring.jpa.hibernate.ddl-auto}") String ddlAuto;
    @Autowired SalesOrderRepository orders;
    @Autowired ShipmentRepository shipments;

    @Test
    void migrationAppliesOnH2AndHibernateValidatesIt() {
        assertThat(ddlAuto).isEqualTo("validate");
        assertThat(flyway.info().pending()).isEmpty();
        assertThat(flyway.info().applied()).isNotEmpty();
        assertThat(jdbc.execute((Connection c) -> c.getMetaData().getDatabaseProductName())).isEqualTo("H2");
    }

    @Test
    void wholeGraphPersistsOnH2AndTheIdempotencyKeyHolds() {
        CoreModelGraph g = CoreModelGraph.persist(tem.getEntityManager());
        tem.clear();

        assertThat(shipments.findByOrderId(g.order().getId()).get(0).getSerials()).containsExactly("353911080000011");
        assertViolates("uk_sales_order_channel_order", () -> orders.saveAndFlush(new SalesOrder(g.client(),
                g.backMarket(), g.order().getChannelOrderId(), "1", null, false, false, "EUR", BigDecimal.ONE,
                CoreModelGraph.RECEIVED_AT)));
    }
}
