package dev.kanal.connector.backmarket;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelOrderSource.RawOrder;
import dev.kanal.connector.IncompletePoll;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order poller's paging decision, against a small HTTP server that plays a Back Market whose
 * {@code next} links go wrong: a link that repeats a page stops paging, keeping every order read
 * (the repeating page's too) and marking the poll incomplete so the cursor stays.
 */
class BackMarketOrderPagingTest {

    private HttpServer server;
    private final List<String> queries = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aRepeatedNextLinkKeepsThePagesReadAndStops() throws IOException {
        URI base = serve(page -> switch (page) {
            case 1 -> page(List.of(101, 102), 2);
            case 2 -> page(List.of(103), 2); // points at itself
            default -> throw new IllegalStateException("page " + page + " must not be asked for");
        });

        List<RawOrder> orders = orders(base);

        assertThat(orders).extracting(RawOrder::channelOrderId).containsExactly("101", "102", "103");
        assertThat(orders).isInstanceOf(IncompletePoll.class);
        assertThat(((IncompletePoll) orders).reason()).contains("page=2");
        assertThat(queries).as("each page once").hasSize(2);
    }

    @Test
    void aNextLinkBackToTheFirstPageStopsToo() throws IOException {
        URI base = serve(page -> page == 1 ? page(List.of(201), 2) : page(List.of(202), 1));

        List<RawOrder> orders = orders(base);

        assertThat(orders).extracting(RawOrder::channelOrderId).as("page 1 not read twice, though escaped otherwise")
                .containsExactly("201", "202");
        assertThat(orders).isInstanceOf(IncompletePoll.class);
        assertThat(queries).hasSize(2);
    }

    @Test
    void pagingThatEndsIsACompletePoll() throws IOException {
        URI base = serve(page -> page == 1 ? page(List.of(301), 2) : page(List.of(302), null));

        List<RawOrder> orders = orders(base);

        assertThat(orders).extracting(RawOrder::channelOrderId).containsExactly("301", "302");
        assertThat(orders).isNotInstanceOf(IncompletePoll.class);
        assertThat(queries).extracting(q -> URLDecoder.decode(q, StandardCharsets.UTF_8))
                .containsExactly("date_modification=2026-01-01T00:00:00Z&page=1&page-size=50",
                        "date_modification=2026-01-01T00:00:00Z&page=2&page-size=50");
    }

    private List<RawOrder> orders(URI base) {
        BackMarketOrders source = new BackMarketOrders(new BackMarketClient(HttpClient.newHttpClient(), Duration.ofSeconds(5)));
        return source.changedSince(new ChannelConnection("acme/bm", base, Map.of("token", "t", "user-agent", "BM-Kanal-Tests;t@t",
                "accept-language", "fr-fr"), 600), Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** An orders endpoint answering {@code pages.apply(page)}; the next links are absolute, as Back Market's. */
    private URI serve(Function<Integer, String> pages) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/ws/orders", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            queries.add(query);
            int page = Integer.parseInt(query.replaceAll(".*(?:^|&)page=(\\d+).*", "$1"));
            byte[] body = pages.apply(page).replace("BASE", base).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return URI.create(base);
    }

    private static String page(List<Integer> orderIds, Integer next) {
        StringBuilder results = new StringBuilder();
        for (int id : orderIds) {
            results.append(results.isEmpty() ? "" : ",").append("{\"order_id\":").append(id)
                    .append(",\"date_modification\":\"2026-01-01T10:00:00+00:00\",\"state\":1}");
        }
        String nextLink = next == null ? "null"
                : "\"BASE/ws/orders?date_modification=2026-01-01T00%3A00%3A00Z&page=" + next + "&page-size=50\"";
        return "{\"count\":9,\"next\":" + nextLink + ",\"previous\":null,\"results\":[" + results + "]}";
    }
}
