package dev.kanal.ops;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a login attempt (the login form's POST, or any request carrying HTTP Basic
 * credentials) with 429 and {@code Retry-After} while its user or its address is throttled.
 * The failures themselves are counted from Spring Security's failure events, where the
 * password check happened ({@link SecurityConfiguration#loginFailures}).
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottleFilter.class);

    private final LoginThrottle throttle;
    private final String loginPath;

    LoginThrottleFilter(LoginThrottle throttle, String loginPath) {
        this.throttle = throttle;
        this.loginPath = loginPath;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> basicUser = basicUser(request);
        boolean formLogin = "POST".equals(request.getMethod())
                && loginPath.equals(request.getRequestURI().substring(request.getContextPath().length()));
        if (basicUser.isEmpty() && !formLogin) {
            chain.doFilter(request, response);
            return;
        }
        String user = basicUser.orElseGet(() -> request.getParameter("username"));
        Optional<LoginThrottle.Throttled> throttled = throttle.check(user, request.getRemoteAddr());
        if (throttled.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (throttled.get().retryAfter().toMillis() + 999) / 1000);
        // the start of a throttling is logged at WARN where it happens; each refusal only at DEBUG,
        // so an attacker who keeps trying cannot flood the log
        log.debug("Login attempt refused for {} from {}: {} throttled for {} s more", user, request.getRemoteAddr(),
                throttled.get().key(), seconds);
        response.setStatus(429);
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"error\":\"Too many failed logins; try again in " + seconds + " s\"}");
    }

    /** The user name of HTTP Basic credentials, empty when the request has none (or unreadable ones: Basic refuses them itself). */
    static Optional<String> basicUser(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (!carriesBasicCredentials(request)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return Optional.of(colon < 0 ? decoded : decoded.substring(0, colon));
        } catch (IllegalArgumentException notBase64) {
            return Optional.of("");
        }
    }

    static boolean carriesBasicCredentials(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
    }
}
