package dev.kanal.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Set-up both benchmarks share: the sandbox JVM and the machine's load. */
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
