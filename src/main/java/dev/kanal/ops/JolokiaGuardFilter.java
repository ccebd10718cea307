package dev.kanal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Guards Jolokia (at {@code /actuator/jolokia} and at Hawtio's {@code /actuator/hawtio/jolokia},
 * which forwards there): reads each request of a call, lets an operator through only with
 * requests {@link JolokiaAccess} allows operators (403 for the whole call otherwise), and writes
 * every changing request (exec that is not a read, write) to the operator audit with the status
 * Jolokia answered for it.
 *
 * <p>Changes go by POST only: a GET {@code /exec/...} or {@code /write/...} is refused (405),
 * because CSRF protection covers POST, not GET.
 */
final class JolokiaGuardFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(JolokiaGuardFilter.class);
    private static final List<String> BASES = List.of("/actuator/jolokia", "/actuator/hawtio/jolokia");
    /** Hawtio's largest bulk reads are tens of kB; anything near this is not a console talking. */
    private static final int MAX_BODY = 1024 * 1024;
    private static final Set<String> CHANGING_TYPES = Set.of("exec", "write");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OperatorAudit audit;

    JolokiaGuardFilter(OperatorAudit audit) {
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return base(request) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
            String path = request.getParameter("p") != null ? request.getParameter("p")
                    : path(request).substring(base(request).length());
            if (CHANGING_TYPES.contains(JolokiaAccess.typeOfPath(path))) {
                refuse(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Jolokia exec and write go by POST");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "A Jolokia call is at most " + MAX_BODY + " bytes");
            return;
        }
        HttpServletRequest cached = new CachedBodyRequest(request, body);
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        boolean admin = user != null && user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch("ROLE_ADMIN"::equals);
        List<JolokiaAccess.Call> calls;
        try {
            calls = JolokiaAccess.parse(body);
        } catch (IOException unreadable) {
            if (admin) {
                chain.doFilter(cached, response); // Jolokia answers its own error
            } else {
                refuse(response, HttpServletResponse.SC_FORBIDDEN, "Unreadable Jolokia request");
            }
            return;
        }
        if (!admin) {
            for (JolokiaAccess.Call call : calls) {
                if (JolokiaAccess.required(call) == JolokiaAccess.Role.ADMIN) {
                    log.warn("Jolokia {} refused to {} from {}: needs the admin role", JolokiaAccess.describe(call).detail(),
                            user == null ? "anonymous" : user.getName(), request.getRemoteAddr());
                    refuse(response, HttpServletResponse.SC_FORBIDDEN,
                            "Only an admin may " + call.type() + " " + (call.operation() == null ? "" : call.operation() + " on ")
                                    + call.mbean());
                    return;
                }
            }
        }
        if (calls.stream().noneMatch(JolokiaAccess::audited)) {
            chain.doFilter(cached, response);
            return;
        }
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(cached, answer);
        } finally {
            auditCalls(request, user, calls, answer);
            answer.copyBodyToResponse();
        }
    }

    private void auditCalls(HttpServletRequest request, Authentication user, List<JolokiaAccess.Call> calls,
                            ContentCachingResponseWrapper answer) {
        JsonNode answers = null;
        try {
            answers = JSON.readTree(answer.getContentAsByteArray());
        } catch (IOException | RuntimeException notJson) {
            // recorded with the HTTP status below
        }
        for (int i = 0; i < calls.size(); i++) {
            JolokiaAccess.Call call = calls.get(i);
            if (!JolokiaAccess.audited(call)) {
                continue;
            }
            JsonNode one = answers == null ? null : answers.isArray() ? answers.get(i) : i == 0 ? answers : null;
            int status = one != null && one.path("status").isInt() ? one.path("status").asInt() : answer.getStatus();
            JolokiaAccess.Described what = JolokiaAccess.describe(call);
            String detail = what.detail();
            if (one != null && one.hasNonNull("error")) {
                detail += ": " + one.path("error").asText();
            } else if (one != null && one.path("value").isValueNode()) {
                detail += " = " + one.path("value").asText();
            }
            audit.record(new OperatorAudit.Entry(user == null ? "anonymous" : user.getName(), request.getRemoteAddr(),
                    what.action(), null, what.target(), status, detail));
        }
    }

    private static String base(HttpServletRequest request) {
        String path = path(request);
        for (String base : BASES) {
            if (path.equals(base) || path.startsWith(base + "/")) {
                return base;
            }
        }
        return null;
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write(JSON.writeValueAsString(Map.of("error", message)));
    }

    /** The request with its body read once here and served again to Jolokia. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("Jolokia's body is read synchronously");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(getCharacterEncoding());
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
