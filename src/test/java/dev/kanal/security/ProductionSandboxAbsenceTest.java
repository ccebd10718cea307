package dev.kanal.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.TestEnvironment;
import dev.kanal.connector.subiekt.SourceStockRow;
import dev.kanal.connector.subiekt.SubiektStockReader;
import dev.kanal.sandbox.subiekt.SubiektSandboxDatabase;
import dev.kanal.sandbox.subiekt.SubiektSandboxDatabase.StockRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Kanal as production runs it: no demo configuration, no test profile, a client whose ERP is a
 * PostgreSQL schema holding Subiekt-style tables with rows in them. Every sandbox path answers
 * 404 to anonymous callers and to the logged-in admin alike, the ERP keeps its rows, and nothing
 * of the demo is in the context to seed anything.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProductionSandboxAbsenceTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String CLIENT = "prod-" + RUN;
    /** A second client whose ERP tables are empty: the demo would fill it, production must not. */
    private static final String EMPTY_CLIENT = "prod-empty-" + RUN;
    private static final String ADMIN_PASSWORD = "prod-secret-" + RUN;
    private static final List<StockRow> ERP_ROWS = List.of(
            new StockRow("PROD-1", "Phone one", "MAG", 4, 1, false),
            new StockRow("PROD-2", "Phone two", "MAG", 7, 0, false));

    private static final TestEnvironment.ErpDatabase ERP = TestEnvironment.sandboxErpSchema("erp_prod_" + RUN, null);
    private static final TestEnvironment.ErpDatabase EMPTY_ERP = TestEnvironment.sandboxErpSchema("erp_prod_empty_" + RUN, null);
    private static final Path DATA_DIR = TestEnvironment.tempDir("kanal-prod-");
    private static final Path CLIENTS_DIR = clientFiles();

    @DynamicPropertySource
    static void productionSettings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestEnvironment.dbUrl());
        registry.add("spring.datasource.username", () -> TestEnvironment.dbUser());
        registry.add("spring.datasource.password", () -> TestEnvironment.dbPassword());
        registry.add("kanal.security.admin-password", () -> ADMIN_PASSWORD);
        registry.add("kanal.data-dir", DATA_DIR::toString);
        registry.add("kanal.clients-dir", CLIENTS_DIR::toString);
        // a Quartz cluster of its own: in the shared cluster "kanal" the integration tests' scheduler in this
        // JVM would take this context's polls and find no CamelContext of this context's name to run them in
        registry.add("spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "kanal-production-test-" + RUN);
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate kanalDb;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everySandboxPathIsAbsentForAnonymousAndAdminAlikeAndTheErpIsUntouched() throws Exception {
        List<SourceStockRow> before = erpRows(ERP);
        awaitKanalKnowsSkus(CLIENT, 2); // the ERP is really read: its rows reached Kanal
        assertThat(get("/actuator/metrics", admin()).statusCode()).as("the admin login works").isEqualTo(200);
        assertThat(get("/actuator/metrics", null).statusCode()).as("anonymous is asked to log in elsewhere").isEqualTo(401);

        String stockBody = "[{\"symbol\":\"PROD-1\",\"warehouse\":\"MAG\",\"onHand\":0,\"reserved\":0}]";
        List<String[]> calls = List.of(
                new String[] {"GET", "/sandbox/subiekt/" + CLIENT + "/_control/stock", null},
                new String[] {"PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", stockBody},
                new String[] {"POST", "/sandbox/subiekt/" + CLIENT + "/_control/reset", null},
                new String[] {"POST", "/sandbox/subiekt/" + EMPTY_CLIENT + "/_control/reset", null},
                new String[] {"POST", "/sandbox/subiekt/api/orders", "{}"},
                new String[] {"GET", "/sandbox/backmarket/_control/listings", null},
                new String[] {"POST", "/sandbox/backmarket/_control/listings", "[{\"sku\":\"PROD-1\",\"quantity\":3}]"},
                new String[] {"GET", "/sandbox/backmarket/ws/listings", null},
                new String[] {"PUT", "/sandbox/backmarket/ws/listings/1", "{\"quantity\":1}"},
                new String[] {"POST", "/sandbox/woocommerce/_control/shops", "{\"consumer_key\":\"ck_x\",\"consumer_secret\":\"cs_x\"}"},
                new String[] {"GET", "/sandbox/woocommerce/wp-json/wc/v3/products", null},
                new String[] {"POST", "/sandbox/woocommerce/wp-json/wc/v3/products/batch", "{}"},
                new String[] {"DELETE", "/sandbox/woocommerce/_control/shops/ck_x", null},
                new String[] {"GET", "/sandbox", null});
        List<String> answers = new ArrayList<>();
        for (String[] call : calls) {
            for (String authorization : Arrays.asList(null, admin())) {
                int status = send(call[0], call[1], call[2], authorization).statusCode();
                answers.add(call[0] + " " + call[1] + (authorization == null ? " anonymous" : " admin") + " -> " + status);
            }
        }

        assertThat(answers).allSatisfy(answer -> assertThat(answer).endsWith("-> 404"));
        assertThat(erpRows(ERP)).isEqualTo(before).hasSize(2);
        assertThat(erpRows(EMPTY_ERP)).as("nothing seeded into an empty ERP").isEmpty();
        assertThat(kanalSkus(CLIENT)).isEqualTo(2);
        assertThat(kanalSkus(EMPTY_CLIENT)).isZero();
    }

    @Test
    void nothingOfTheDemoIsInTheContext() {
        List<String> demoBeans = Arrays.stream(context.getBeanDefinitionNames())
                .filter(name -> {
                    Class<?> type = context.getType(name);
                    return type != null && (type.getName().startsWith("dev.kanal.sandbox.") || type.getName().startsWith("dev.kanal.demo."));
                })
                .toList();
        assertThat(demoBeans).isEmpty();
        assertThat(context.getBeansOfType(RequestMappingHandlerMapping.class).values())
                .flatMap(handlers -> handlers.getHandlerMethods().keySet())
                .noneMatch(mapping -> mapping.getPatternValues().stream().anyMatch(p -> p.startsWith("/sandbox")));
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("kanal-demo-seed"));
    }

    private void awaitKanalKnowsSkus(String client, int skus) {
        org.awaitility.Awaitility.await("Kanal reads " + skus + " SKUs of " + client + " from its ERP")
                .atMost(java.time.Duration.ofSeconds(60)).until(() -> kanalSkus(client) >= skus);
    }

    private int kanalSkus(String client) {
        return kanalDb.queryForObject("SELECT count(*) FROM sku s JOIN client c ON c.id = s.client_id WHERE c.code = ?",
                Integer.class, client);
    }

    private static List<SourceStockRow> erpRows(TestEnvironment.ErpDatabase erp) {
        return new SubiektStockReader().readStock(dataSource(erp));
    }

    private static DataSource dataSource(TestEnvironment.ErpDatabase erp) {
        return new DriverManagerDataSource(erp.url(), erp.user(), erp.password());
    }

    private static String admin() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        return send("GET", path, null, authorization);
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Two production-style client files; the ERPs hold Subiekt-style tables (one with rows, one empty). */
    private static Path clientFiles() {
        SubiektSandboxDatabase tables = new SubiektSandboxDatabase();
        tables.ensureSchema(dataSource(ERP));
        tables.setStock(dataSource(ERP), ERP_ROWS);
        tables.ensureSchema(dataSource(EMPTY_ERP));
        Path dir = TestEnvironment.tempDir("kanal-prod-clients-");
        try {
            Files.writeString(dir.resolve(CLIENT + ".yaml"), clientFile(CLIENT, ERP));
            Files.writeString(dir.resolve(EMPTY_CLIENT + ".yaml"), clientFile(EMPTY_CLIENT, EMPTY_ERP));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private static String clientFile(String id, TestEnvironment.ErpDatabase erp) {
        return """
                id: %s
                name: Production-mode client
                source:
                  type: subiekt
                  jdbc-url: "%s"
                  jdbc-user: %s
                  jdbc-password: "%s"
                  gateway-url: http://127.0.0.1:9/erp-gateway
                  poll-interval: 1s
                fulfilment-centres:
                  - {warehouse: MAG, priority: 1}
                inventory-statuses: [available]
                channel-accounts: []
                """.formatted(id, erp.url(), erp.user(), erp.password());
    }
}
