package dev.kanal.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpServer;
import dev.kanal.connector.CamelChannelTransport;
import dev.kanal.connector.ChannelRequest;
import dev.kanal.connector.ChannelTransport;
import dev.kanal.connector.JdkChannelTransport;
import dev.kanal.connector.TlsTrust;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What one channel call costs on the two transports {@code kanal.connectors.http-transport} chooses
 * from (docs/decisions/0027): {@link JdkChannelTransport} (java.net.http) and
 * {@link CamelChannelTransport} (camel-http endpoint, HttpClient 5), each sending the stock push's
 * call (a POST of a quantity to /ws/listings/{id}) to a local server that answers at once: TCP_NODELAY
 * on the server, so no delayed-acknowledgement wait hides the client's cost. One caller, and eight
 * in parallel (the stock push's Back Market calls). Prints calls/s and the process's CPU per call
 * (client and server together; the server's share is the same for both transports).
 * {@code ./mvnw -B test -Pbenchmark -Dtest=ChannelTransportBenchmark [-Dbench.calls=4000] [-Dbench.rounds=3]}
 */
@Tag("benchmark")
class ChannelTransportBenchmark {

    private static final int CALLS = Integer.getInteger("bench.calls", 4_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Test
    void costPerCall() throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // read when the first server is made
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
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            List<Transport> transports = List.of(
                    new Transport("java.net.http", JdkChannelTransport.of(Duration.ofSeconds(5))),
                    new Transport("camel-http", new CamelChannelTransport(() -> camel, Duration.ofSeconds(5), Clock.systemUTC())));
            for (int callers : new int[] {1, 8}) {
                for (Transport transport : transports) {
                    measure(transport, base, callers, null); // warm-up: JIT, pools, endpoint
                }
                for (int round = 1; round <= ROUNDS; round++) {
                    for (Transport transport : transports) {
                        measure(transport, base, callers, "round " + round);
                    }
                }
            }
        } finally {
            server.stop(0);
        }
    }

    private record Transport(String name, ChannelTransport wire) {
    }

    private static void measure(Transport transport, String base, int callers, String round) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            long cpuBefore = OS.getProcessCpuTime();
            long started = System.nanoTime();
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int from = c;
                work.add(pool.submit(() -> {
                    for (int i = from; i < CALLS; i += callers) {
                        ChannelRequest push = ChannelRequest.json("POST", URI.create(base + i), "{\"quantity\":3}")
                                .header("Authorization", "Basic YmVuY2g=").header("Accept", "application/json");
                        int status = transport.wire().send(push, TlsTrust.JVM_DEFAULT, Duration.ofSeconds(10)).statusCode();
                        if (status != 200) {
                            throw new IllegalStateException(transport.name() + " answered " + status);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpuMicros = (OS.getProcessCpuTime() - cpuBefore) / 1_000.0 / CALLS;
            if (round != null) {
                System.out.printf("ChannelTransportBenchmark %-14s %d caller(s) %-8s %8.0f calls/s %8.1f us wall per call %8.1f us CPU per call%n",
                        transport.name(), callers, round, CALLS / seconds, seconds * 1e6 / CALLS, cpuMicros);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
