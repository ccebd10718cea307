package dev.kanal.sandbox.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** The sandbox exists unless kanal.sandbox.enabled=false. */
class WooCommerceSandboxSwitchTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withUserConfiguration(WooCommerceSandbox.class, WooCommerceSandboxApi.class, WooCommerceSandboxControl.class,
                    WooWebhookSender.class, WooCommerceSandboxOrderControl.class);

    @Test
    void onByDefault() {
        runner.run(context -> assertThat(context)
                .hasSingleBean(WooCommerceSandbox.class)
                .hasSingleBean(WooCommerceSandboxApi.class)
                .hasSingleBean(WooCommerceSandboxControl.class)
                .hasSingleBean(WooWebhookSender.class)
                .hasSingleBean(WooCommerceSandboxOrderControl.class));
    }

    @Test
    void offWhenDisabled() {
        runner.withPropertyValues("kanal.sandbox.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(WooCommerceSandbox.class)
                .doesNotHaveBean(WooCommerceSandboxApi.class)
                .doesNotHaveBean(WooCommerceSandboxControl.class)
                .doesNotHaveBean(WooWebhookSender.class)
                .doesNotHaveBean(WooCommerceSandboxOrderControl.class));
    }
}
