package dev.kanal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The sandboxes in a JVM of their own serve the channel APIs without any of Kanal's machinery. */
class SandboxHostTest {

    @Test
    void servesTheChannelSandboxesAndStartsNoCamelBrokerOrDatabase(@TempDir Path clients) throws Exception {
        Files.createDirectories(clients);
        try (ConfigurableApplicationContext context = SandboxHost.run("--server.port=0",
                "--kanal.clients-dir=" + clients, "--kanal.data-dir=" + clients.resolve("data"))) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> seeded = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/sandbox/backmarket/_control/listings"))
                    .header("Authorization", "Basic host-test").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[{\"sku\":\"A-1\",\"quantity\":4}]")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> listings = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/sandbox/backmarket/ws/listings"))
                    .header("Authorization", "Basic host-test").header("User-Agent", "BM-Acme-Kanal;it@acme.test")
                    .header("Accept-Language", "fr-fr").GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(seeded.statusCode()).isBetween(200, 201);
            assertThat(listings.statusCode()).isEqualTo(200);
            assertThat(listings.body()).contains("\"sku\":\"A-1\"").contains("\"quantity\":4");
            assertThat(context.getBeanNamesForType(CamelContext.class)).isEmpty();
            assertThat(context.getBeanNamesForType(javax.sql.DataSource.class)).isEmpty();
            assertThat(context.containsBean("sourceDataSources")).isTrue();
        }
    }
}
