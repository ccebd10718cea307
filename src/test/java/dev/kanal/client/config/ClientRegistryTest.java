package dev.kanal.client.config;

import static dev.kanal.client.config.ClientFiles.validWith;
import static dev.kanal.client.config.ClientFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class ClientRegistryTest {

    /** Just the registry, its properties and Spring's SSL bundles: no broker, no database, no web server. */
    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
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
    void startUpFailsOnATrustBundleSpringDoesNotHave() {
        Path file = write(dir, "shop.yaml", validWith("base-url: https://shop.example/wp-json/wc/v3",
                "base-url: https://shop.example/wp-json/wc/v3\n    trust-bundle: shop-caa"));

        context.withPropertyValues("kanal.clients-dir=" + dir,
                "spring.ssl.bundle.pem.shop-ca.truststore.certificate=classpath:tls/ca.pem").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().isInstanceOf(ClientConfigException.class)
                    .hasMessageContaining(file + ": channel-accounts[0].trust-bundle: channel account 'woo' of client 'shop' "
                            + "names trust bundle 'shop-caa', which is not configured; configured: shop-ca");
        });
    }

    @Test
    void startsWhenEveryTrustBundleIsConfigured() {
        write(dir, "shop.yaml", validWith("base-url: https://shop.example/wp-json/wc/v3",
                "base-url: https://shop.example/wp-json/wc/v3\n    trust-bundle: shop-ca"));

        context.withPropertyValues("kanal.clients-dir=" + dir,
                "spring.ssl.bundle.pem.shop-ca.truststore.certificate=classpath:tls/ca.pem").run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started.getBean(ClientRegistry.class).account("shop", "woo").trustBundle()).isEqualTo("shop-ca");
        });
    }

    /** What the README says: an environment variable cannot spell '-' in a bundle name, so SHOPCA declares shopca. */
    @Test
    void aBundleDeclaredByEnvironmentVariablesIsNamedWithoutDashes() {
        write(dir, "shop.yaml", validWith("base-url: https://shop.example/wp-json/wc/v3",
                "base-url: https://shop.example/wp-json/wc/v3\n    trust-bundle: shopca"));

        context.withInitializer(started -> started.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource("test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.<String, Object>of("SPRING_SSL_BUNDLE_PEM_SHOPCA_TRUSTSTORE_CERTIFICATE", "classpath:tls/ca.pem"))))
                .withPropertyValues("kanal.clients-dir=" + dir).run(started -> {
                    assertThat(started).hasNotFailed();
                    assertThat(started.getBean(SslBundles.class).getBundleNames()).containsExactly("shopca");
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
