package dev.kanal.demo;

import dev.kanal.sandbox.SandboxConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The demo inside Kanal's own context: the sandboxes at {@code /sandbox/**}, open to anyone as
 * the real APIs' own authentication is (their security chain), and the seeder (on with
 * {@code kanal.demo.seed=true}, which the demo profile sets). The integration tests import it
 * for the sandboxes and leave seeding off.
 */
@Configuration(proxyBeanMethods = false)
@Import({SandboxConfiguration.class, DemoSandboxSecurity.class, DemoSeed.class})
public class DemoConfiguration {
}
