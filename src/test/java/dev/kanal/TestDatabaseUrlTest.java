package dev.kanal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every test, benchmark and script finds its database through KANAL_TEST_DB_URL (and _USER,
 * _PASSWORD): a URL written into a test would send a run to a database that is not the one the
 * developer or CI gave. The variables' defaults live in the few files listed here.
 */
class TestDatabaseUrlTest {

    /** What names a database server the tests would use: a local PostgreSQL URL, its port, the CI database. */
    static final Pattern TEST_DATABASE = Pattern.compile(
            "jdbc:postgresql://(localhost|127\\.0\\.0\\.1|\\[::1])|(localhost|127\\.0\\.0\\.1):5432|\\bkanal_test\\b");

    /** The only files allowed to name it, each because it holds the variables' default. */
    private static final Map<Path, String> DEFAULTS = Map.of(
            Path.of("src/test/java/dev/kanal/TestEnvironment.java"), "TestEnvironment.dbUrl(): the default of KANAL_TEST_DB_URL",
            Path.of("src/test/resources/application-test.yaml"), "the test profile's ${KANAL_TEST_DB_URL:...}",
            Path.of("scripts/order-crash.py"), "a script of its own: the same default after KANAL_CRASH_DB_URL and KANAL_TEST_DB_URL",
            Path.of("scripts/production-smoke.sh"), "a script of its own: the same default after KANAL_TEST_DB_URL",
            Path.of("scripts/broker-smoke.sh"), "a script of its own: the same default after KANAL_TEST_DB_URL",
            Path.of("src/test/java/dev/kanal/TestDatabaseUrlTest.java"), "this test's own pattern and examples");

    @Test
    void noTestOrScriptHardCodesTheTestDatabase() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path root : List.of(Path.of("src/test"), Path.of("scripts"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    if (!DEFAULTS.containsKey(file)) {
                        found.addAll(hardCoded(file));
                    }
                }
            }
        }
        assertThat(found).as("read TestEnvironment.dbUrl() (or ${KANAL_TEST_DB_URL} in a profile) instead").isEmpty();
    }

    @Test
    void theDefaultsReadTheVariableFirst() throws IOException {
        assertThat(Files.readString(Path.of("src/test/resources/application-test.yaml")))
                .contains("${KANAL_TEST_DB_URL:", "${KANAL_TEST_DB_USER:", "${KANAL_TEST_DB_PASSWORD:");
        assertThat(Files.readString(Path.of("scripts/order-crash.py"))).contains("KANAL_TEST_DB_");
    }

    @Test
    void recognisesAHardCodedTestDatabase() {
        assertThat(TEST_DATABASE.matcher("jdbc:postgresql://127.0.0.1:5432/other").find()).isTrue();
        assertThat(TEST_DATABASE.matcher("pool(\"jdbc:postgresql://localhost/kanal\")").find()).isTrue();
        assertThat(TEST_DATABASE.matcher("psql -h localhost:5432").find()).isTrue();
        assertThat(TEST_DATABASE.matcher("createdb kanal_test").find()).isTrue();
        assertThat(TEST_DATABASE.matcher("jdbc-url: jdbc:postgresql://erp.example/erp").find()).isFalse();
        assertThat(TEST_DATABASE.matcher("TestEnvironment.dbUrl()").find()).isFalse();
    }

    private static List<String> hardCoded(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (MalformedInputException binary) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (TEST_DATABASE.matcher(lines.get(i)).find()) {
                found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
            }
        }
        return found;
    }
}
