package dev.kanal.sandbox;

import dev.kanal.client.config.ClientConfigProperties;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.subiekt.SourceDataSources;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Profile;

/**
 * The sandboxes alone, in a JVM of their own: {@code java -jar kanal.jar sandboxes --server.port=9090}.
 *
 * <p>Kanal serves the sandboxes itself for the demo and the tests. Runs that kill Kanal (the
 * crash script) need channels that outlive it, as real ones do, and a benchmark that reports
 * Kanal's heap should not count the emulators' data. Here only the web layer starts: no
 * database of Kanal's, no broker, no Camel. Client files are still read, because the ERP
 * sandbox finds each client's ERP database through them.
 *
 * <p>The profile keeps this configuration from being taken for Kanal's own by a test's search
 * for a {@code @SpringBootConfiguration} (it looks in the test's package first).
 */
@Profile(SandboxHost.PROFILE)
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, ConfigurationPropertiesAutoConfiguration.class,
        JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, ValidationAutoConfiguration.class,
        ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class})
@EnableConfigurationProperties(ClientConfigProperties.class)
@Import({ClientRegistry.class, SandboxConfiguration.class})
public class SandboxHost {

    public static final String PROFILE = "sandbox-host";

    @Bean
    SourceDataSources sourceDataSources() {
        return new SourceDataSources();
    }

    public static ConfigurableApplicationContext run(String... args) {
        // Spring's class loader is the thread's context loader: the demo's, set by Kanal's main
        return new SpringApplicationBuilder(SandboxHost.class)
                .profiles(PROFILE)
                .properties("kanal.sandbox.enabled=true", "kanal.demo.seed=false", "spring.jmx.enabled=false")
                .run(args);
    }
}
