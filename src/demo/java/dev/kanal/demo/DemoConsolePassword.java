package dev.kanal.demo;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The demo's console login: without {@code KANAL_ADMIN_PASSWORD}, a password is generated and
 * printed once, so the demo can be logged into with nothing set. Production never generates
 * one: it refuses to start instead.
 */
final class DemoConsolePassword implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private static final Logger log = LoggerFactory.getLogger(DemoConsolePassword.class);
    static final String PASSWORD = "kanal.security.admin-password";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        String given = environment.getProperty(PASSWORD);
        if (given != null && !given.isBlank()) {
            return;
        }
        String password = generate();
        environment.getPropertySources().addFirst(new MapPropertySource("kanal-demo-console-password", Map.of(PASSWORD, password)));
        log.warn("\n\n  Kanal demo console login (generated; set KANAL_ADMIN_PASSWORD to choose one):\n"
                + "    user: {}\n    password: {}\n", environment.getProperty("kanal.security.admin-user", "admin"), password);
    }

    private static String generate() {
        byte[] bytes = new byte[15];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
