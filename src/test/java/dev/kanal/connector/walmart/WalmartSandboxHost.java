package dev.kanal.connector.walmart;

import dev.kanal.sandbox.SandboxHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandboxes in a web server of their own (no database, broker or Camel), started once per
 * test JVM on a free port: the Walmart tests talk to the Walmart sandbox over real HTTP.
 */
final class WalmartSandboxHost {

    private static URI base;

    private WalmartSandboxHost() {
    }

    /** {@code http://127.0.0.1:<port>/sandbox/walmart}. */
    static synchronized URI base() {
        if (base == null) {
            try {
                Path dir = Files.createTempDirectory("kanal-walmart-sandbox-");
                Files.createDirectories(dir.resolve("clients"));
                ConfigurableApplicationContext context = SandboxHost.run("--server.port=0", "--server.address=127.0.0.1",
                        "--kanal.clients-dir=" + dir.resolve("clients"), "--kanal.data-dir=" + dir.resolve("data"));
                Runtime.getRuntime().addShutdownHook(new Thread(context::close));
                int port = ((WebServerApplicationContext) context).getWebServer().getPort();
                base = URI.create("http://127.0.0.1:" + port + "/sandbox/walmart");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return base;
    }
}
