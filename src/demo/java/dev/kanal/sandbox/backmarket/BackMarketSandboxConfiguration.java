package dev.kanal.sandbox.backmarket;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The Back Market sandbox's beans, named one by one: the demo's packages are never scanned. */
@Configuration(proxyBeanMethods = false)
@Import({BackMarketSandbox.class, BackMarketSandboxShipping.class, BackMarketSandboxController.class, BackMarketSandboxOrdersController.class,
        BackMarketSandboxOrderUpdates.class, BackMarketSandboxControlController.class, BackMarketSandboxOrderControl.class,
        BackMarketSandboxErrors.class, BackMarketSandboxInvoices.class, BackMarketSandboxCare.class})
public class BackMarketSandboxConfiguration {
}
