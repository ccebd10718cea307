package dev.kanal.sandbox.walmart;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The Walmart sandbox's beans, named one by one: the demo's packages are never scanned. */
@Configuration(proxyBeanMethods = false)
@Import({WalmartSandbox.class, WalmartSandboxApi.class, WalmartSandboxControl.class, WalmartSandboxErrors.class})
public class WalmartSandboxConfiguration {
}
