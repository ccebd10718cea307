package dev.kanal.client.config;

import static dev.kanal.client.config.ClientFiles.validWith;
import static dev.kanal.client.config.ClientFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int validate(Function<String, String> environment, String... args) {
        return new ValidateCommand(environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
    }

    private int validate(String... args) {
        return validate(name -> null, args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theShippedExampleIsValid() {
        assertThat(validate(ClientFiles.ACME.toString())).isEqualTo(ValidateCommand.VALID);

        assertThat(out()).startsWith("OK " + ClientFiles.ACME + ": client acme, 4 channel accounts\n")
                .contains("1 file checked, 0 invalid");
    }

    @Test
    void aFolderChecksEveryFile() {
        write(dir, "shop.yaml", ClientFiles.VALID);
        Path broken = write(dir, "broken.yaml", validWith("id: shop", "id: broken").replace("mapping-mode: variation", "mappng-mode: variation"));

        assertThat(validate(dir.toString())).isEqualTo(ValidateCommand.INVALID);

        assertThat(out()).contains(
                "FAIL " + broken + ": 2 problems\n"
                        + "  channel-accounts[1].mapping-mode: must be set (one of: sku, variation)\n"
                        + "  channel-accounts[1].mappng-mode: unknown field 'mappng-mode' (did you mean 'mapping-mode'?)\n",
                "OK " + dir.resolve("shop.yaml") + ": client shop, 2 channel accounts",
                "2 files checked, 1 invalid");
    }

    @Test
    void anUnsetVariableWithoutDefaultIsAProblem() {
        Path file = write(dir, "shop.yaml", validWith("api-key: gateway-key-s3cret", "api-key: ${SHOP_GATEWAY_KEY}"));

        assertThat(validate(file.toString())).isEqualTo(ValidateCommand.INVALID);
        assertThat(out()).contains("source.api-key: variable 'SHOP_GATEWAY_KEY' is not set");

        out.reset();
        assertThat(validate(Map.of("SHOP_GATEWAY_KEY", "k")::get, file.toString())).isEqualTo(ValidateCommand.VALID);
        assertThat(out()).doesNotContain(" k\n");
    }

    @Test
    void aFolderWithoutClientFilesIsInvalid() {
        assertThat(validate(dir.toString())).isEqualTo(ValidateCommand.INVALID);
        assertThat(out()).contains("no client files");
    }

    @Test
    void usageErrors() {
        assertThat(validate()).isEqualTo(ValidateCommand.USAGE);
        assertThat(err()).contains("Usage: java -jar kanal.jar validate <file-or-folder>...");

        assertThat(validate(dir.resolve("missing.yaml").toString())).isEqualTo(ValidateCommand.USAGE);
        assertThat(err()).contains("no such file or folder: " + dir.resolve("missing.yaml"));

        assertThat(validate("--strict", ClientFiles.ACME.toString())).isEqualTo(ValidateCommand.USAGE);
        assertThat(err()).contains("unknown option --strict");
        assertThat(out()).isEmpty();
    }

    @Test
    void helpIsNotAnError() {
        assertThat(validate("--help")).isEqualTo(ValidateCommand.VALID);
        assertThat(out()).contains("Usage:");
    }
}
