package dev.kanal.sandbox.subiekt;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The ERP sandbox's beans (its tables, control API and REST gateway), named one by one: the demo's packages are never scanned. */
@Configuration(proxyBeanMethods = false)
@Import({SubiektSandboxSchema.class, SubiektSandboxController.class, SubiektGatewaySandbox.class, SubiektSandboxSalesController.class})
public class SubiektSandboxConfiguration {
}
