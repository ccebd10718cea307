package dev.kanal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.KanalApplication;
import dev.kanal.TestEnvironment;
import dev.kanal.ops.MissingSettingsException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Production never guesses a password or a database: a start without them is refused before
 * any bean, connection or port, with a report naming the variables to set. Command-line
 * arguments blank the settings, so the test holds whatever the environment running it has set.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProductionStartRefusalTest {

    @TempDir
    Path dir;

    @Test
    void withoutAnAdminPasswordProductionRefusesToStartNamingTheVariable(CapturedOutput output) {
        String dbUrl = TestEnvironment.dbUrl();

        assertThatThrownBy(() -> start("--spring.datasource.url=" + dbUrl, "--kanal.security.admin-password="))
                .isInstanceOf(MissingSettingsException.class)
                .satisfies(e -> assertThat(((MissingSettingsException) e).variables()).containsExactly("KANAL_ADMIN_PASSWORD"));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("KANAL_ADMIN_PASSWORD is not set")
                .doesNotContain("KANAL_DB_URL is not set")
                .contains("java -jar kanal.jar demo");
    }

    @Test
    void withoutADatabaseEitherBothVariablesAreNamedAndNoDemoDatabaseIsUsed(CapturedOutput output) {
        assertThatThrownBy(() -> start("--spring.datasource.url=", "--kanal.security.admin-password="))
                .isInstanceOf(MissingSettingsException.class)
                .satisfies(e -> assertThat(((MissingSettingsException) e).variables())
                        .containsExactly("KANAL_DB_URL", "KANAL_ADMIN_PASSWORD"));
        assertThat(output).contains("KANAL_DB_URL is not set").contains("KANAL_ADMIN_PASSWORD is not set")
                .contains("Set KANAL_DB_URL and KANAL_ADMIN_PASSWORD");
        assertThat(dir.resolve("data")).doesNotExist(); // no H2 file, no broker journal: nothing started
    }

    private void start(String... settings) {
        String[] args = new String[settings.length + 4];
        System.arraycopy(settings, 0, args, 0, settings.length);
        args[settings.length] = "--server.port=0";
        args[settings.length + 1] = "--kanal.data-dir=" + dir.resolve("data");
        args[settings.length + 2] = "--kanal.clients-dir=" + dir.resolve("clients");
        args[settings.length + 3] = "--spring.jmx.enabled=false";
        SpringApplication.run(KanalApplication.class, args).close(); // close() only if it started, which fails the test
    }
}
