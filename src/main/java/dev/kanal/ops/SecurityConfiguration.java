package dev.kanal.ops;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

/**
 * Everything but health and signed webhooks needs a login ({@code /sandbox/**} is the demo's:
 * {@link SandboxPathSecurity}).
 *
 * <p>Hawtio's own login is off: its Spring Security bridge ships in an artifact that is not
 * available, so this filter chain guards the console instead (docs/decisions/0003-console-login.md).
 * Hawtio's single-page app sends the CSRF token from the XSRF-TOKEN cookie, hence a cookie
 * repository readable by scripts.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * Webhooks authenticate the way the real APIs do (HMAC signatures), not by session, so they
     * get their own stateless chain without CSRF.
     */
    @Bean
    @Order(1)
    SecurityFilterChain machineEndpoints(HttpSecurity http) throws Exception {
        return http
                .securityMatcher("/webhooks/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(
                        org.springframework.security.config.http.SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain operatorEndpoints(HttpSecurity http) throws Exception {
        CsrfTokenRequestAttributeHandler csrfHandler = new CsrfTokenRequestAttributeHandler();
        csrfHandler.setCsrfRequestAttributeName(null); // the token is read from the cookie on every request
        return http
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll()
                        .anyRequest().hasRole("ADMIN"))
                .formLogin(Customizer.withDefaults())
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(csrfHandler)
                        // the admin API is called by scripts with HTTP Basic, not from a page
                        .ignoringRequestMatchers("/admin/**"))
                .build();
    }

    @Bean
    UserDetailsService operators(SecurityProperties properties, PasswordEncoder encoder) {
        // never blank here: RequiredSettings refuses a start without it, the demo generates one
        return new InMemoryUserDetailsManager(User.withUsername(properties.adminUser())
                .password(encoder.encode(properties.adminPassword()))
                .roles("ADMIN")
                .build());
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
