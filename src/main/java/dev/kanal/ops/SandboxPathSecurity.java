package dev.kanal.ops;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;

/**
 * {@code /sandbox} and everything under it belong to the demo. Kanal itself has nothing there,
 * and says so the same way to everyone, logged in or not: 404, with no login challenge that would
 * hint at something behind it. When the demo is loaded, its own chain for {@code /sandbox/**}
 * comes first and lets its sandboxes answer.
 */
@Configuration(proxyBeanMethods = false)
class SandboxPathSecurity {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    SecurityFilterChain sandboxPathsAbsent(HttpSecurity http) throws Exception {
        return http
                .securityMatcher("/sandbox", "/sandbox/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().denyAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.NOT_FOUND))
                        .accessDeniedHandler((request, response, denied) -> response.setStatus(HttpServletResponse.SC_NOT_FOUND)))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }
}
