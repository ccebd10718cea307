package dev.kanal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.KanalIntegrationTest;
import dev.kanal.TestEnvironment;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Nodes starting together on a new database record the same client files at once: every node
 * starts (none meets the other's unique keys and stops), and each client, warehouse, status and
 * account is recorded once. Found by the two-node crash script, whose second node exited on
 * {@code uk_client_code}.
 */
class ClientCatalogSyncNodesTest extends KanalIntegrationTest {

    @Autowired ClientCatalogSync sync;
    @Autowired JdbcTemplate jdbc;

    @Test
    void fourNodesRecordingANewClientAtOnceAllStartAndRecordItOnce() throws Exception {
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                ClientConfig client = newClient();
                CyclicBarrier together = new CyclicBarrier(4);
                List<Future<Long>> ids = new ArrayList<>();
                for (int n = 0; n < 4; n++) {
                    ids.add(nodes.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        return sync.sync(client);
                    }));
                }
                List<Long> recorded = new ArrayList<>();
                for (Future<Long> id : ids) {
                    recorded.add(id.get(60, TimeUnit.SECONDS));
                }
                assertThat(recorded).as("every node has the one client row").containsOnly(recorded.get(0));
                assertThat(count("SELECT COUNT(*) FROM client WHERE code = ?", client.id())).isEqualTo(1);
                assertThat(count("SELECT COUNT(*) FROM warehouse w JOIN client c ON c.id = w.client_id WHERE c.code = ?", client.id()))
                        .isEqualTo(2);
                assertThat(count("SELECT COUNT(*) FROM channel_account a JOIN client c ON c.id = a.client_id WHERE c.code = ?",
                        client.id())).isEqualTo(2);
                assertThat(count("""
                        SELECT COUNT(*) FROM channel_account_warehouse w JOIN channel_account a ON a.id = w.channel_account_id
                          JOIN client c ON c.id = a.client_id WHERE c.code = ?""", client.id())).isEqualTo(3);
            }
        } finally {
            nodes.shutdownNow();
        }
    }

    private int count(String sql, String client) {
        return jdbc.queryForObject(sql, Integer.class, client);
    }

    private static ClientConfig newClient() throws Exception {
        String id = "nodes-" + UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.createTempDirectory("client").resolve(id + ".yaml");
        Files.writeString(file, """
                id: %s
                name: Started on two nodes
                source:
                  type: subiekt
                  jdbc-url: "%s"
                  gateway-url: http://127.0.0.1:1/sandbox/subiekt
                fulfilment-centres:
                  - {warehouse: MAG, priority: 1}
                  - {warehouse: WRO, priority: 2}
                inventory-statuses: [available, repair]
                channel-accounts:
                  - id: bm
                    type: backmarket
                    base-url: http://127.0.0.1:1/bm
                    credentials: {token: t, user-agent: "Kanal-Tests;it@kanal.test", accept-language: fr-fr}
                    mapping-mode: sku
                    organization-type: channel-name
                    import-orders: false
                    warehouses: [MAG, WRO]
                    inventory-statuses: [available]
                  - id: woo
                    type: woocommerce
                    base-url: http://127.0.0.1:1/woo
                    credentials: {consumer-key: k, consumer-secret: s}
                    mapping-mode: sku
                    organization-type: shipping-name
                    import-orders: false
                    warehouses: [MAG]
                    inventory-statuses: [available]
                """.formatted(id, TestEnvironment.dbUrl()));
        return new ClientConfigLoader(k -> null).load(file);
    }
}
