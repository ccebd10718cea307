package dev.kanal.connector.subiekt;

import com.zaxxer.hikari.HikariDataSource;
import dev.kanal.client.config.SourceConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;

/** One small, read-mostly connection pool per source database, opened on first use. */
public class SourceDataSources implements DisposableBean {

    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();

    public DataSource of(String client, SourceConfig source) {
        if (source.jdbcUrl() == null || source.jdbcUrl().isBlank()) {
            throw new IllegalStateException("Client " + client + " has no source jdbc-url");
        }
        return pools.computeIfAbsent(client + "|" + source.jdbcUrl(), key -> {
            HikariDataSource pool = new HikariDataSource();
            pool.setPoolName("source-" + client);
            pool.setJdbcUrl(source.jdbcUrl());
            pool.setUsername(source.jdbcUser());
            pool.setPassword(source.jdbcPassword());
            pool.setMaximumPoolSize(2);
            pool.setMinimumIdle(0);
            return pool;
        });
    }

    @Override
    public void destroy() {
        pools.values().forEach(HikariDataSource::close);
    }
}
