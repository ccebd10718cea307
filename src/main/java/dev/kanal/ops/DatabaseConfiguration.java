package dev.kanal.ops;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import javax.sql.DataSource;

/** How Kanal uses its own database beyond the schema: session settings and statistics. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean
    static PostgresSessionSettings postgresSessionSettings() {
        return new PostgresSessionSettings();
    }

    @Bean
    TableStatistics tableStatistics(DataSource dataSource) {
        return new TableStatistics(dataSource);
    }
}
