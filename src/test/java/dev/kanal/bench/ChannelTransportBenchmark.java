package dev.kanal.bench;

import com.sun.net.httpserver.HttpServer;
import dev.kanal.connector.ChannelRequest;
import dev.kanal.connector.JdkChannelTransport;
import dev.kanal.connector.TlsTrust;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What one channel call costs on the two transports Kanal could use (docs/decisions/0027):
 * java.net.http ({@link JdkChannelTransport}) and a Camel HTTP endpoint (camel-http, HttpClient 5),
 * against a local server that answers a small JSON body at once, so the figures are the
 * client side's own cost. One caller, and eight in parallel (the stock push's Back Market calls).
 * {@code ./mvnw -B test -Pbenchmark -Dtest=ChannelTransportBenchmark [-Dbench.calls=4000]}
 */
@Tag("benchmark")
class ChannelTransportBenchmark {

    private static final int CALLS = Integer.getInteger("bench.calls", 4_000);

    @Test
    void costPerCall() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        byte[] answer = "{\"quantity\":3}".getBytes(StandardCharsets.UTF_8);
        server.createContext("/ws/listings", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/ws/listings/";
        JdkChannelTransport jdk = JdkChannelTransport.of(Duration.ofSeconds(5));
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            String endpoint = "http://127.0.0.1:" + server.getAddress().getPort()
                    + "/ws/listings/1?throwExceptionOnFailure=false&httpClient.responseTimeout=10000";
            Call viaJdk = i -> jdk.send(ChannelRequest.json("POST", URI.create(base + i), "{\"quantity\":3}"), TlsTrust.JVM_DEFAULT,
                    Duration.ofSeconds(10)).statusCode();
            Call viaCamel = i -> producer.request(endpoint, exchange -> {
                exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
                exchange.getMessage().setHeader(Exchange.HTTP_PATH, Integer.toString(i));
                exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                exchange.getMessage().setBody("{\"quantity\":3}");
            }).getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            for (int callers : new int[] {1, 8}) {
                measure("java.net.http, warm-up", viaJdk, callers, false);
                measure("camel-http, warm-up", viaCamel, callers, false);
                measure("java.net.http, " + callers + " caller(s)", viaJdk, callers, true);
                measure("camel-http, " + callers + " caller(s)", viaCamel, callers, true);
            }
        } finally {
            server.stop(0);
        }
    }

    @FunctionalInterface
    private interface Call {
        int call(int i) throws Exception;
    }

    private static void measure(String what, Call call, int callers, boolean print) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            long started = System.nanoTime();
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int from = c;
                work.add(pool.submit(() -> {
                    for (int i = from; i < CALLS; i += callers) {
                        int status = call.call(i);
                        if (status != 200) {
                            throw new IllegalStateException(what + " answered " + status);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
            double micros = (System.nanoTime() - started) / 1_000.0 / CALLS;
            if (print) {
                System.out.printf("ChannelTransportBenchmark %-34s %8.1f us per call, %8.0f calls/s%n", what, micros, 1e6 / micros);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
