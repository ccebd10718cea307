package dev.kanal.sandbox.woocommerce;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The WooCommerce sandbox's beans, named one by one: the demo's packages are never scanned. */
@Configuration(proxyBeanMethods = false)
@Import({WooCommerceSandbox.class, WooCommerceSandboxApi.class, WooCommerceSandboxControl.class, WooWebhookSender.class,
        WooCommerceSandboxOrderControl.class})
public class WooCommerceSandboxConfiguration {
}
