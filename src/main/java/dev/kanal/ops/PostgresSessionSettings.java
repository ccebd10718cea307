package dev.kanal.ops;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Kanal's own PostgreSQL sessions run with {@code jit = off}. Its queries are short and many
 * (a slice of 1,000 SKUs, a batch of listings); the planner's cost estimate for them passes
 * {@code jit_above_cost} easily, and compiling each one took 50 to 150 ms where executing it took
 * 5 (docs/decisions/0010-database-sessions-and-statistics.md). An init SQL set in the
 * configuration ({@code spring.datasource.hikari.connection-init-sql}) is left alone.
 */
public class PostgresSessionSettings implements BeanPostProcessor {

    static final String INIT_SQL = "SET jit = off";

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool) {
            apply(pool);
        }
        return bean;
    }

    static void apply(HikariDataSource pool) {
        String url = pool.getJdbcUrl();
        if (url != null && url.startsWith("jdbc:postgresql:") && pool.getConnectionInitSql() == null) {
            pool.setConnectionInitSql(INIT_SQL);
        }
    }
}
