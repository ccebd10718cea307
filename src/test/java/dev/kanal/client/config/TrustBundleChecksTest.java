package dev.kanal.client.config;

import static dev.kanal.client.config.ClientFiles.validWith;
import static dev.kanal.client.config.ClientFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client file's {@code trust-bundle}s: checked against Spring's SSL bundles at start-up, for their form by validate. */
class TrustBundleChecksTest {

    private static final String WOO_URL = "base-url: https://shop.example/wp-json/wc/v3";
    private static final String GATEWAY_URL = "gateway-url: http://localhost/gateway";

    @TempDir
    Path dir;

    @Test
    void anAccountAndTheGatewayMayNameConfiguredBundles() {
        Path file = write(dir, "shop.yaml", validWith(WOO_URL, WOO_URL + "\n    trust-bundle: shop-ca")
                .replace(GATEWAY_URL, "gateway-url: https://erp.shop.example/gateway\n  trust-bundle: erp-ca"));

        ClientConfig shop = new ClientConfigLoader(name -> null, Set.of("shop-ca", "erp-ca")).load(file);

        assertThat(shop.account("woo").orElseThrow().trustBundle()).isEqualTo("shop-ca");
        assertThat(shop.account("allegro").orElseThrow().trustBundle()).as("no bundle: the JVM's trust").isNull();
        assertThat(shop.source().trustBundle()).isEqualTo("erp-ca");
    }

    @Test
    void anUnknownBundleStopsStartUpNamingAccountClientAndTheConfiguredBundles() {
        Path file = write(dir, "shop.yaml", validWith(WOO_URL, WOO_URL + "\n    trust-bundle: shop-caa"));

        assertThatThrownBy(() -> new ClientConfigLoader(name -> null, Set.of("shop-ca", "other-ca")).load(file))
                .isInstanceOfSatisfying(ClientConfigException.class, e -> assertThat(e.problems())
                        .extracting(ClientConfigException.Problem::describe)
                        .containsExactly("channel-accounts[0].trust-bundle: channel account 'woo' of client 'shop' names trust "
                                + "bundle 'shop-caa', which is not configured; configured: other-ca, shop-ca (declare it as "
                                + "spring.ssl.bundle.pem.shop-caa.truststore.certificate or "
                                + "spring.ssl.bundle.jks.shop-caa.truststore.location)"));
    }

    @Test
    void anUnknownGatewayBundleIsReportedToo() {
        Path file = write(dir, "shop.yaml", validWith(GATEWAY_URL, "gateway-url: https://erp.shop.example/gateway\n  trust-bundle: erp-ca"));

        assertThatThrownBy(() -> new ClientConfigLoader(name -> null, Set.of()).load(file))
                .isInstanceOfSatisfying(ClientConfigException.class, e -> assertThat(e.problems())
                        .extracting(ClientConfigException.Problem::describe).singleElement().asString()
                        .startsWith("source.trust-bundle: the ERP gateway of client 'shop' names trust bundle 'erp-ca', "
                                + "which is not configured; configured: (none)"));
    }

    @Test
    void aBundleForAPlainHttpUrlIsAMistake() {
        Path file = write(dir, "shop.yaml", validWith(GATEWAY_URL, GATEWAY_URL + "\n  trust-bundle: erp-ca"));

        assertThatThrownBy(() -> new ClientConfigLoader(name -> null, Set.of("erp-ca")).load(file))
                .isInstanceOfSatisfying(ClientConfigException.class, e -> assertThat(e.problems())
                        .extracting(ClientConfigException.Problem::describe)
                        .containsExactly("source.trust-bundle: is set but gateway-url is not https://: a trust bundle only "
                                + "decides which server certificates the ERP gateway of client 'shop' trusts"));
    }

    @Test
    void aNameSpringCannotHaveIsRefusedEvenByValidate() {
        Path file = write(dir, "shop.yaml", validWith(WOO_URL, WOO_URL + "\n    trust-bundle: Shop_CA"));

        assertThatThrownBy(() -> new ClientConfigLoader(name -> null).load(file))
                .isInstanceOfSatisfying(ClientConfigException.class, e -> assertThat(e.problems())
                        .extracting(ClientConfigException.Problem::describe).singleElement().asString()
                        .startsWith("channel-accounts[0].trust-bundle: must be a Spring Boot SSL bundle name"));
    }

    @Test
    void validateCannotSeeSpringsBundlesAndSaysStartUpWillCheckThem() {
        Path file = write(dir, "shop.yaml", validWith(WOO_URL, WOO_URL + "\n    trust-bundle: shop-ca"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = new ValidateCommand(name -> null, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(file.toString());

        assertThat(exit).isEqualTo(ValidateCommand.VALID);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK " + file + ": client shop, 2 channel accounts")
                .contains("  note: trust bundle 'shop-ca' is checked when Kanal starts: it must be configured there as "
                        + "spring.ssl.bundle.pem.shop-ca.* or spring.ssl.bundle.jks.shop-ca.*");
    }
}
