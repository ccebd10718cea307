package dev.kanal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on real PostgreSQL (profile test) and a real embedded Artemis broker
 * whose journal lives in a fresh directory per test JVM, so no run sees another's messages.
 * Subclasses share one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@CamelSpringBootTest
@Import(TestBeans.class)
@DisableJmx(false) // the console and JMX tests read Camel's MBeans
public abstract class KanalIntegrationTest {

    protected static final Path DATA_DIR = tempDir();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("kanal.data-dir", DATA_DIR::toString);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("kanal-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
