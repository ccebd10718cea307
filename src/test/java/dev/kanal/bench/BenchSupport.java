package dev.kanal.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedProcessorMBean;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/** What both benchmarks share: run properties, the sandbox JVM, waiting, Camel statistics, the machine's load. */
final class BenchSupport {

    private BenchSupport() {
    }

    /**
     * Starts the sandboxes in a JVM of their own (Kanal's main with the {@code sandboxes} command,
     * on this classpath) and waits until they answer; destroyed when this JVM exits.
     */
    static Process startSandboxes(String run, String heap, int port, Path clientsDir, Path dataDir) {
        Path log = Path.of("target", "benchmark", "sandboxes-" + run + ".log");
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), "dev.kanal.KanalApplication", "sandboxes",
                    "--server.port=" + port, "--kanal.clients-dir=" + clientsDir, "--kanal.data-dir=" + dataDir)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            BenchHttp probe = new BenchHttp(port);
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!probe.answers("/sandbox/woocommerce/_control/shops/none/stats")) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the sandbox JVM did not start; see " + log.toAbsolutePath());
                }
                Thread.sleep(200);
            }
            System.out.println(BenchReport.PREFIX + "channel sandboxes and ERP gateway in their own JVM (pid " + process.pid()
                    + ", -Xmx" + heap + ", port " + port + ", log " + log.toAbsolutePath() + ")");
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts another Kanal node: the production main ({@code KanalApplication} without a command,
     * as {@code java -jar kanal.jar} runs it) in a JVM of its own on this classpath, on the test
     * database, the given broker and client files, production routes, and waits until its health
     * is UP; destroyed when this JVM exits. Its database connections are named
     * {@code kanal-bench-<name>-<run>}; its log is target/benchmark/<name>-<run>.log.
     */
    static Process startNode(String run, String name, int port, String brokerUrl, Path clientsDir, Path dataDir,
                             java.util.Map<String, String> properties) {
        Path log = Path.of("target", "benchmark", name + "-" + run + ".log");
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + System.getProperty("bench.node-heap", "1g"), "-cp", System.getProperty("java.class.path"),
                    "dev.kanal.KanalApplication", "--server.port=" + port, "--kanal.stock.reconcile-period=86400000",
                    "--spring.datasource.hikari.data-source-properties.ApplicationName=kanal-bench-" + name + "-" + run));
            properties.forEach((key, value) -> command.add("--" + key + "=" + value));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            java.util.Map<String, String> env = builder.environment();
            env.put("KANAL_DB_URL", dev.kanal.TestEnvironment.dbUrl());
            env.put("KANAL_DB_USER", System.getenv().getOrDefault("KANAL_TEST_DB_USER", "kanal"));
            env.put("KANAL_DB_PASSWORD", System.getenv().getOrDefault("KANAL_TEST_DB_PASSWORD", "kanal"));
            env.put("KANAL_ADMIN_PASSWORD", "test-secret");
            env.put("KANAL_BROKER_URL", brokerUrl);
            env.put("KANAL_DATA_DIR", dataDir.toString());
            env.put("KANAL_CLIENTS_DIR", clientsDir.toString());
            env.put("KANAL_ROUTES_DIR", Path.of("routes").toAbsolutePath().toString());
            Process process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.URI health = java.net.URI.create("http://127.0.0.1:" + port + "/actuator/health");
            try {
                awaitTrue("node " + name + " health UP", 300, 500, () -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the node " + name + " exited");
                    }
                    try {
                        return http.send(java.net.http.HttpRequest.newBuilder(health).timeout(java.time.Duration.ofSeconds(2)).build(),
                                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException e) {
                        return false; // not listening yet
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
            } catch (AssertionError | IllegalStateException e) {
                process.destroy();
                throw new IllegalStateException("the node " + name + " did not come up (" + e.getMessage() + "); see "
                        + log.toAbsolutePath(), e);
            }
            System.out.println(BenchReport.PREFIX + "node " + name + " up (pid " + process.pid() + ", port " + port + ", broker "
                    + brokerUrl + ", log " + log.toAbsolutePath() + ")");
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The application as a benchmark runs it: its own data and client directories and port, the
     * production routes only (the test profile adds test routes that need test beans), the
     * 15-minute reconciliation moved out of the run (the set-up alone can take longer, and it
     * would re-read every listing from the sandboxes), and this run's connections named in
     * pg_stat_activity so their backends' CPU can be counted ({@link #ourBackends}).
     */
    static void runProperties(DynamicPropertyRegistry registry, String run, Path dataDir, Path clientsDir, int port,
                              boolean sandboxesInProcess) {
        registry.add("kanal.data-dir", dataDir::toString);
        registry.add("server.port", () -> port);
        registry.add("kanal.clients-dir", clientsDir::toString);
        registry.add("kanal.sandbox.enabled", () -> sandboxesInProcess);
        registry.add("camel.main.routes-include-pattern", () -> "file:${kanal.routes-dir}/**/*.camel.yaml");
        registry.add("kanal.stock.reconcile-period", () -> "86400000");
        registry.add("spring.datasource.hikari.data-source-properties.ApplicationName", () -> "kanal-bench-" + run);
    }

    /** PostgreSQL backends of this run: Kanal's pool and its ERP connections (ApplicationName kanal-bench[-erp]-RUN). */
    static Set<Long> ourBackends(JdbcTemplate jdbc, String run) {
        return new HashSet<>(jdbc.queryForList("SELECT pid FROM pg_stat_activity WHERE application_name IN (?, ?)", Long.class,
                "kanal-bench-" + run, "kanal-bench-erp-" + run));
    }

    static void awaitTrue(String what, int seconds, long everyMillis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(everyMillis);
        }
    }

    static ManagedRouteMBean managedRoute(CamelContext camel, String id) {
        return managed(camel).getManagedRoute(id);
    }

    static void resetCamelStatistics(CamelContext camel, List<String> routes) throws Exception {
        for (String id : routes) {
            managedRoute(camel, id).reset(true);
        }
    }

    /** Every route that ran, and its steps that have an id (the routes name the ones that matter). */
    static void camelStatistics(CamelContext camel, List<String> routes, BenchReport report, String measured) throws Exception {
        report.line("");
        report.line("Camel statistics of the measured %s (exchanges, total / mean / max processing time in ms; concurrent consumers overlap):",
                measured);
        for (String id : routes) {
            ManagedRouteMBean route = managedRoute(camel, id);
            if (route.getExchangesTotal() == 0) {
                continue;
            }
            report.line("  route %-44s %7d exchanges, total %8d, mean %6d, max %6d", id, route.getExchangesCompleted(),
                    route.getTotalProcessingTime(), route.getMeanProcessingTime(), route.getMaxProcessingTime());
            for (String processorId : route.processorIds()) {
                ManagedProcessorMBean processor = managed(camel).getManagedProcessor(processorId);
                if (processor != null && processorId.contains("-") && processor.getExchangesTotal() > 0) {
                    report.line("    step %-43s %7d exchanges, total %8d, mean %6d, max %6d", processorId,
                            processor.getExchangesCompleted(), processor.getTotalProcessingTime(), processor.getMeanProcessingTime(),
                            processor.getMaxProcessingTime());
                }
            }
        }
    }

    private static ManagedCamelContext managed(CamelContext camel) {
        return camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg gives them. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
