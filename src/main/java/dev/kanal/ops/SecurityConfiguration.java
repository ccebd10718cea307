package dev.kanal.ops;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

/**
 * Everything but health, signed webhooks and signed invoice links needs a login ({@code /sandbox/**} is the demo's:
 * {@link SandboxPathSecurity}).
 *
 * <p>Hawtio's own login is off: its Spring Security bridge ships in an artifact that is not
 * available, so this filter chain guards the console instead (docs/decisions/0003-console-login.md).
 * Hawtio's single-page app sends the CSRF token from the XSRF-TOKEN cookie, hence a cookie
 * repository readable by scripts.
 *
 * <p>Roles (docs/decisions/0015-operator-roles-csrf-and-audit.md): {@code OPERATOR} reads
 * everything and does the day-to-day repairs listed in {@link #OPERATOR_ACTIONS} and Jolokia's
 * dead-letter replay ({@link JolokiaAccess}); {@code ADMIN} (who is an operator too) also
 * deletes, cancels and configures; {@code VIEWER} (docs/decisions/0033) only reads Kanal's
 * console and the admin API ({@link #VIEWER_READS}); admins and operators are viewers too. Every cookie-authenticated change needs the CSRF token;
 * failed logins are throttled ({@link LoginThrottle}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * Webhooks authenticate the way the real APIs do (HMAC signatures), and invoice links carry
     * their own HMAC signature and expiry (docs/decisions/0024), not a session: they get their own
     * stateless chain without CSRF; each endpoint checks its signature itself.
     */
    @Bean
    @Order(1)
    SecurityFilterChain machineEndpoints(HttpSecurity http) throws Exception {
        return http
                .securityMatcher("/webhooks/**", "/documents/invoices/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(
                        org.springframework.security.config.http.SessionCreationPolicy.STATELESS))
                .build();
    }

    static final String ADMIN = "ADMIN";
    static final String OPERATOR = "OPERATOR";
    static final String VIEWER = "VIEWER";

    /**
     * What a read-only viewer may open: Kanal's console, the admin API's reads, its OpenAPI
     * description and the Prometheus metrics. Everything else that reads (Hawtio, Jolokia, actuator) stays the operator's:
     * a JMX browse shows message bodies the console shows only through the dead-letter pages.
     */
    static final String[] VIEWER_READS = {
            "/", "/console/**", "/admin/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
            "/actuator/prometheus"}; // a monitoring system scrapes with a login that can change nothing

    /** Changes an operator may make through the admin API; every other change there is the admin's. */
    static final String[] OPERATOR_ACTIONS = {
            "/admin/clients/*/orders/held/release",   // release held orders once their cause is fixed
            "/admin/clients/*/orders/*/allocate",     // allocate an oversold order's missing units
            "/admin/clients/*/orders/*/erp",          // retry the ERP write of an order the ERP refused
            "/admin/clients/*/shipments",             // shipments from the shop's shipping tool (dispatch work)
            "/admin/clients/*/shipments/status",      // parcel states from the carrier
            "/admin/clients/*/orders/*/refunds",      // refund order lines on their channel (customer service)
            "/admin/clients/*/returns/*/inspection",  // inspect returned units: restock, repair, scrap (warehouse work)
            "/admin/clients/*/listings/*/price/approve", // send a price held under the account's floor (docs/decisions/0039)
            "/admin/dead-letters/*/replay",           // replay a dead-letter group once its cause is fixed (docs/decisions/0032)
    };

    /** Jolokia, directly and as Hawtio forwards to it: operators may call it, {@link JolokiaGuardFilter} decides per request. */
    static final String[] JOLOKIA = {
            "/actuator/jolokia", "/actuator/jolokia/**", "/actuator/hawtio/jolokia", "/actuator/hawtio/jolokia/**"};

    @Bean
    @Order(2)
    SecurityFilterChain operatorEndpoints(HttpSecurity http, LoginThrottle loginThrottle, OperatorAudit audit) throws Exception {
        CsrfTokenRequestAttributeHandler csrfHandler = new CsrfTokenRequestAttributeHandler();
        csrfHandler.setCsrfRequestAttributeName(null); // the token is read from the cookie on every request
        CookieCsrfTokenRepository csrfCookie = CookieCsrfTokenRepository.withHttpOnlyFalse();
        csrfCookie.setCookieCustomizer(cookie -> cookie.sameSite("Lax")); // Secure follows the request, as the session cookie's
        return http
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll()
                        // Hawtio's proxy to other JVMs' Jolokia is the admin's; the console asks whether it is on
                        .requestMatchers(HttpMethod.GET, "/actuator/hawtio/proxy/enabled").hasRole(OPERATOR)
                        .requestMatchers("/actuator/hawtio/proxy/**").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, VIEWER_READS).hasRole(VIEWER)
                        .requestMatchers(HttpMethod.GET).hasRole(OPERATOR)
                        .requestMatchers(HttpMethod.HEAD).hasRole(OPERATOR)
                        .requestMatchers(HttpMethod.POST, JOLOKIA).hasRole(OPERATOR)
                        .requestMatchers(HttpMethod.POST, OPERATOR_ACTIONS).hasRole(OPERATOR)
                        .anyRequest().hasRole(ADMIN))
                .formLogin(Customizer.withDefaults())
                // Never a Basic challenge (WWW-Authenticate): a browser would show its own login
                // dialog and then attach the cached credentials to every request to Kanal, also
                // to a forged cross-site POST, which the CSRF exemption for Basic below would let
                // through. Scripts send their credentials unasked (curl -u) and get a plain 401
                // when they are wrong or missing, as do the console's own script calls; a
                // browser asking for a page is sent to the login form (form login's default).
                .httpBasic(basic -> basic.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .exceptionHandling(errors -> errors.accessDeniedHandler(loggedRefusal()))
                .csrf(csrf -> csrf
                        .csrfTokenRepository(csrfCookie)
                        .csrfTokenRequestHandler(csrfHandler)
                        // a request that carries its own credentials cannot be forged by another
                        // site (no browser ever caches Basic credentials for Kanal, see above):
                        // scripts need no token. A change that comes with a session cookie needs
                        // it, and so does the login form; a request with neither session nor
                        // credentials changes nothing anyway: it is answered 401, not 403
                        .requireCsrfProtectionMatcher(request -> CsrfFilter.DEFAULT_CSRF_MATCHER.matches(request)
                                && !LoginThrottleFilter.carriesBasicCredentials(request)
                                && (request.getRequestedSessionId() != null || isLoginForm(request))))
                .addFilterBefore(new LoginThrottleFilter(loginThrottle, "/login"), CsrfFilter.class)
                .addFilterAfter(new JolokiaGuardFilter(audit), AuthorizationFilter.class)
                .build();
    }

    /** 403 as usual, with a log line naming who was refused what (a missing role, a missing CSRF token). */
    private static AccessDeniedHandler loggedRefusal() {
        AccessDeniedHandlerImpl forbidden = new AccessDeniedHandlerImpl();
        return (request, response, denied) -> {
            log.warn("Refused {} {} to {} from {}: {}", request.getMethod(), request.getRequestURI(), who(request),
                    request.getRemoteAddr(), denied.getMessage());
            forbidden.handle(request, response, denied);
        };
    }

    private static boolean isLoginForm(HttpServletRequest request) {
        return "/login".equals(request.getRequestURI().substring(request.getContextPath().length()));
    }

    private static String who(HttpServletRequest request) {
        return request.getUserPrincipal() == null ? "anonymous" : request.getUserPrincipal().getName();
    }

    @Bean
    LoginThrottle loginThrottle(SecurityProperties properties, ObjectProvider<Clock> clock) {
        return new LoginThrottle(clock.getIfAvailable(Clock::systemUTC), properties.loginThrottle().maxFailures(),
                properties.loginThrottle().window());
    }

    /** Counts each failed password check (form or Basic, known user or not) and logs when a throttling starts. */
    @Bean
    ApplicationListener<AuthenticationFailureBadCredentialsEvent> loginFailures(LoginThrottle throttle,
                                                                                SecurityProperties properties) {
        return event -> {
            String user = event.getAuthentication().getName();
            String address = event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
                    ? details.getRemoteAddress() : null;
            for (LoginThrottle.Throttled started : throttle.recordFailure(user, address)) {
                log.warn("Login throttled: {} failed logins within {} s for {} (the last as user '{}' from {}); "
                                + "further attempts answer 429 for {} s",
                        properties.loginThrottle().maxFailures(), properties.loginThrottle().window().toSeconds(),
                        printable(started.key()), printable(user), address, started.retryAfter().toSeconds());
            }
        };
    }

    /** A user name as typed, made safe for one log line. */
    private static String printable(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 100 ? oneLine : oneLine.substring(0, 100) + "…";
    }

    @Bean
    UserDetailsService operators(SecurityProperties properties, PasswordEncoder encoder) {
        // never blank here: RequiredSettings refuses a start without it, the demo generates one
        String password = properties.adminPassword();
        List<UserDetails> users = new ArrayList<>();
        users.add(User.withUsername(properties.adminUser()).password(encoder.encode(password))
                .roles(ADMIN, OPERATOR, VIEWER).build());
        if (properties.operatorGiven()) {
            users.add(User.withUsername(properties.operatorUser()).password(encoder.encode(properties.operatorPassword()))
                    .roles(OPERATOR, VIEWER).build());
        }
        if (properties.viewerGiven()) {
            users.add(User.withUsername(properties.viewerUser()).password(encoder.encode(properties.viewerPassword()))
                    .roles(VIEWER).build());
        }
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
