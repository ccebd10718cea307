package dev.kanal.client.config;

import static dev.kanal.client.config.ClientFiles.validWith;
import static dev.kanal.client.config.ClientFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class ClientConfigFailureAnalyzerTest {

    @TempDir
    Path dir;

    @Test
    void startUpFailurePrintsTheProblemsAndWhatToDo(CapturedOutput output) {
        Path broken = write(dir, "shop.yaml", validWith("warehouses: [MAG]", "warehouses: [WH9]"));
        SpringApplication application = new SpringApplication(ClientRegistry.class); // not the whole application
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatThrownBy(() -> application.run("--kanal.clients-dir=" + dir)).hasRootCauseInstanceOf(ClientConfigException.class);

        assertThat(output.getOut() + output.getErr())
                .contains("Kanal could not start: client configuration is invalid.")
                .contains(broken + ": channel-accounts[0].warehouses[0]: warehouse 'WH9' is not a fulfilment centre of this client")
                .contains("java -jar kanal.jar validate <file-or-folder>")
                .doesNotContain("ck_s3cret");
    }
}
