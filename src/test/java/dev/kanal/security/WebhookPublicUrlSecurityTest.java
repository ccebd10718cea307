package dev.kanal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.ops.health.HealthRecorder;
import dev.kanal.orders.WebhookRegistration;
import dev.kanal.stock.AccountRef;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, point 6: a webhook registration must not hand a shop an address it cannot reach.
 * Without KANAL_PUBLIC_URL only a shop on this machine gets Kanal's local address.
 */
class WebhookPublicUrlSecurityTest {

    private static final AccountRef SHOP = new AccountRef("acme", "woo-main");
    /** The WooCommerce connector's delivery path for that account. */
    private static final String PATH = "/webhooks/woocommerce/acme/woo-main";

    private static WebhookRegistration registration(String publicUrl) {
        return new WebhookRegistration(null, null, HealthRecorder.NONE, publicUrl, () -> "http://localhost:8080");
    }

    @Test
    void aShopOnAnotherMachineNeedsKanalPublicUrl() {
        assertThatThrownBy(() -> registration(null).deliveryUrl(SHOP, "https://shop.example.com/wp-json/wc/v3", PATH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs KANAL_PUBLIC_URL")
                .hasMessageContaining("https://shop.example.com")
                .hasMessageContaining("would register http://localhost:8080");
        assertThatThrownBy(() -> registration("  ").deliveryUrl(SHOP, "http://192.168.1.20/wp-json/wc/v3", PATH))
                .hasMessageContaining("KANAL_PUBLIC_URL");
    }

    @Test
    void aLoopbackPublicUrlIsRefusedForAShopOnAnotherMachine() {
        assertThatThrownBy(() -> registration("http://127.0.0.1:8080").deliveryUrl(SHOP, "https://shop.example.com/wp-json/wc/v3", PATH))
                .hasMessageContaining("KANAL_PUBLIC_URL is http://127.0.0.1:8080, a loopback address");
    }

    @Test
    void withKanalPublicUrlEveryShopGetsIt() {
        assertThat(registration("https://kanal.example.com/").deliveryUrl(SHOP, "https://shop.example.com/wp-json/wc/v3", PATH))
                .isEqualTo("https://kanal.example.com/webhooks/woocommerce/acme/woo-main");
        assertThat(registration("https://kanal.example.com").deliveryUrl(SHOP, "http://127.0.0.1:8080/sandbox/woocommerce", PATH))
                .isEqualTo("https://kanal.example.com/webhooks/woocommerce/acme/woo-main");
    }

    @Test
    void aShopOnThisMachineMayUseKanalsLocalAddress() {
        for (String local : new String[] {"http://127.0.0.1:8080/sandbox/woocommerce/wp-json/wc/v3", "http://localhost:9000/wc",
                "http://[::1]:8080/wc", "http://127.1.2.3/wc"}) {
            assertThat(registration(null).deliveryUrl(SHOP, local, PATH)).as(local)
                    .isEqualTo("http://localhost:8080/webhooks/woocommerce/acme/woo-main");
        }
    }

    @Test
    void namesThatMerelyLookLocalAreNotLoopback() {
        assertThatThrownBy(() -> registration(null).deliveryUrl(SHOP, "https://127.0.0.1.example.com/wc", PATH))
                .hasMessageContaining("KANAL_PUBLIC_URL");
        assertThatThrownBy(() -> registration(null).deliveryUrl(SHOP, "https://localhost.example.com/wc", PATH))
                .hasMessageContaining("KANAL_PUBLIC_URL");
    }
}
