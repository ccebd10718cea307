package dev.kanal.client.config;

import static dev.kanal.client.config.ClientFiles.validWith;
import static dev.kanal.client.config.ClientFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ClientRegistryTest {

    /** Just the registry and its properties: no broker, no database, no web server. */
    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(ClientRegistry.class);

    @TempDir
    Path dir;

    @Test
    void startUpFailsOnABrokenFileNamingFileAndField() {
        write(dir, "shop.yaml", ClientFiles.VALID);
        Path broken = write(dir, "broken.yaml", validWith("id: shop", "id: broken")
                .replace("mapping-mode: variation", "mapping-mode: variant"));

        context.withPropertyValues("kanal.clients-dir=" + dir).run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(ClientConfigException.class)
                    .hasMessageContaining(broken + ": channel-accounts[1].mapping-mode: must be one of: sku, variation");
        });
    }

    @Test
    void loadsTheClientsFolderAndResolvesPlaceholdersFromTheEnvironment() {
        write(dir, "shop.yaml", ClientFiles.VALID.replace("token: bl-token-s3cret", "token: ${shop.baselinker.token}"));

        context.withPropertyValues("kanal.clients-dir=" + dir, "shop.baselinker.token=from-spring").run(started -> {
            assertThat(started).hasNotFailed();
            ClientRegistry registry = started.getBean(ClientRegistry.class);
            assertThat(registry.all()).extracting(ClientConfig::id).containsExactly("shop");
            assertThat(registry.account("shop", "allegro").credential("token")).isEqualTo("from-spring");
        });
    }

    @Test
    void aMissingClientsFolderMeansNoClients() {
        context.withPropertyValues("kanal.clients-dir=" + dir.resolve("absent")).run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started.getBean(ClientRegistry.class).all()).isEmpty();
        });
    }

    @Test
    void looksUpClientsAndAccounts() {
        ClientConfig shop = new ClientConfigLoader(name -> null).load(write(dir, "shop.yaml", ClientFiles.VALID));
        ClientRegistry registry = ClientRegistry.of(shop);

        assertThat(registry.find("shop")).containsSame(shop);
        assertThat(registry.find("nobody")).isEmpty();
        assertThat(registry.require("shop")).isSameAs(shop);
        assertThat(registry.account("shop", "woo").type()).isEqualTo(ChannelType.WOOCOMMERCE);
        assertThatThrownBy(() -> registry.require("nobody"))
                .isInstanceOf(UnknownClientException.class)
                .hasMessage("unknown client 'nobody'; known clients: shop");
        assertThatThrownBy(() -> registry.account("shop", "ebay"))
                .isInstanceOf(UnknownClientException.class)
                .hasMessage("client 'shop' has no channel account 'ebay'; its accounts: allegro, woo");
    }
}
