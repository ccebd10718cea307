package dev.kanal.sandbox;

import dev.kanal.sandbox.backmarket.BackMarketSandboxConfiguration;
import dev.kanal.sandbox.baselinker.BaseLinkerSandboxConfiguration;
import dev.kanal.sandbox.subiekt.SubiektSandboxConfiguration;
import dev.kanal.sandbox.walmart.WalmartSandboxConfiguration;
import dev.kanal.sandbox.woocommerce.WooCommerceSandboxConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Every sandbox, served at {@code /sandbox/**}: inside Kanal for the demo and the tests
 * ({@code dev.kanal.demo.DemoConfiguration}), or alone ({@link SandboxHost}). Each sandbox bean is
 * off with {@code kanal.sandbox.enabled=false} (a benchmark that runs them in another JVM).
 */
@Configuration(proxyBeanMethods = false)
@Import({BackMarketSandboxConfiguration.class, WooCommerceSandboxConfiguration.class, SubiektSandboxConfiguration.class,
        WalmartSandboxConfiguration.class, BaseLinkerSandboxConfiguration.class})
public class SandboxConfiguration {
}
