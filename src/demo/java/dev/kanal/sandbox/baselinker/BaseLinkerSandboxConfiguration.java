package dev.kanal.sandbox.baselinker;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The BaseLinker sandbox's beans, named one by one: the demo's packages are never scanned. */
@Configuration(proxyBeanMethods = false)
@Import({BaseLinkerSandbox.class, BaseLinkerSandboxApi.class, BaseLinkerSandboxControl.class})
public class BaseLinkerSandboxConfiguration {
}
