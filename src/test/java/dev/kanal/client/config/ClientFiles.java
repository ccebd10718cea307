package dev.kanal.client.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small client files for tests: a valid one, and edits of it that break one thing. */
final class ClientFiles {

    /** The shipped example client. */
    static final Path ACME = Path.of("clients", "acme.yaml");

    /** Secret values in {@link #VALID}; no message or toString may show them. */
    static final String[] SECRETS = {"erp-password-s3cret", "gateway-key-s3cret", "ck_s3cret", "cs_s3cret",
            "bl-token-s3cret", "hook-s3cret"};

    /** A valid client "shop": channel-accounts[0] is WooCommerce, [1] is BaseLinker. */
    static final String VALID = """
            id: shop
            name: Shop
            source:
              type: subiekt
              jdbc-url: jdbc:postgresql://erp.example/erp
              jdbc-user: erp
              jdbc-password: erp-password-s3cret
              gateway-url: http://localhost/gateway
              api-key: gateway-key-s3cret
            fulfilment-centres:
              - warehouse: MAG
                priority: 1
              - warehouse: WRO
                priority: 2
            inventory-statuses: [available, repair]
            channel-accounts:
              - id: woo
                type: woocommerce
                base-url: https://shop.example/wp-json/wc/v3
                credentials:
                  consumer-key: ck_s3cret
                  consumer-secret: cs_s3cret
                mapping-mode: sku
                organization-type: shipping-name
                status-map:
                  processing: to-fulfil
                  completed: shipped
                warehouses: [MAG]
                inventory-statuses: [available]
                webhook-secret: hook-s3cret
              - id: allegro
                type: baselinker
                base-url: https://api.baselinker.com/connector.php
                credentials:
                  token: bl-token-s3cret
                mapping-mode: variation
                organization-type: channel-name
                import-orders: false
                warehouses: [MAG, WRO]
                inventory-statuses: [available]
            """;

    private ClientFiles() {
    }

    /** {@link #VALID} with one piece of text replaced (which must occur exactly once). */
    static String validWith(String text, String replacement) {
        int at = VALID.indexOf(text);
        if (at < 0 || VALID.indexOf(text, at + 1) >= 0) {
            throw new IllegalArgumentException("'" + text + "' must occur exactly once in the valid file");
        }
        return VALID.replace(text, replacement);
    }

    static Path write(Path dir, String fileName, String content) {
        try {
            return Files.writeString(dir.resolve(fileName), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
