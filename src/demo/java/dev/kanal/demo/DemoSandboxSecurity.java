package dev.kanal.demo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The sandboxes authenticate the way the real APIs do (tokens, OAuth signatures), not by
 * Kanal's login, so their paths get a stateless chain without CSRF. It runs before the
 * product's own {@code /sandbox/**} chain, which answers 404 to everyone where there is no demo.
 */
@Configuration(proxyBeanMethods = false)
class DemoSandboxSecurity {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain sandboxEndpoints(HttpSecurity http) throws Exception {
        return http
                .securityMatcher("/sandbox/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }
}
