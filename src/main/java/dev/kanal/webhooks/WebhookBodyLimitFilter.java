package dev.kanal.webhooks;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first thing a webhook request meets, before Spring Security and Spring MVC, so a body
 * that is too large never costs an authentication, a session or a buffer:
 * <ul>
 * <li>a {@code Content-Length} above {@code kanal.webhooks.max-body-size} is answered 413 at
 *     once, nothing of the body read;</li>
 * <li>a multipart body (never a webhook; Spring would read and store its parts before any
 *     controller runs) is answered 415;</li>
 * <li>every other request reads its body through a stream that fails past the limit, whoever
 *     reads it, so a chunked or lying body is cut there;</li>
 * <li>at most {@code max-concurrent-bodies} webhook requests are handled at once; the others wait
 *     up to {@code turn-wait} and are then answered 503 with {@code Retry-After}.</li>
 * </ul>
 * Refusals close the connection: the unread rest of the body is never drained.
 */
public class WebhookBodyLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(WebhookBodyLimitFilter.class);

    private final WebhookProperties properties;
    private final Semaphore turns;

    public WebhookBodyLimitFilter(WebhookProperties properties) {
        this.properties = properties;
        this.turns = new Semaphore(properties.maxConcurrentBodies(), true);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int limit = properties.maxBodyBytes();
        long announced = request.getContentLengthLong();
        if (announced > limit) {
            log.warn("Webhook {} refused before reading: Content-Length {} is above the limit of {} bytes (from {})",
                    request.getRequestURI(), announced, limit, request.getRemoteAddr());
            refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, tooLarge(limit));
            return;
        }
        String type = request.getContentType();
        if (type != null && type.toLowerCase().startsWith("multipart/")) {
            refuse(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "webhooks take JSON or a form, not multipart");
            return;
        }
        boolean turn;
        try {
            turn = turns.tryAcquire(properties.turnWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            turn = false;
        }
        if (!turn) {
            log.warn("Webhook {} answered 503: {} webhook requests are already being handled", request.getRequestURI(),
                    properties.maxConcurrentBodies());
            response.setHeader("Retry-After", Long.toString(Math.max(1, properties.turnWait().toSeconds())));
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "too many webhook deliveries at once, try again later");
            return;
        }
        try {
            chain.doFilter(new Bounded(request, limit), response);
        } finally {
            turns.release();
        }
    }

    /** The short answer for a body over the limit; the controller gives the same one when it finds out while reading. */
    public static String tooLarge(long limit) {
        return "body larger than the limit of " + limit + " bytes";
    }

    /**
     * Answers with a short JSON status, of known length so the client has the whole answer at
     * once, and closes the connection afterwards: Tomcat then discards at most
     * {@code server.tomcat.max-swallow-size} (2 MB) of the unread body, never buffering it.
     */
    public static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        byte[] body = ("{\"status\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Connection", "close");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The request with a body stream that fails once more than {@code limit} bytes were read. */
    private static final class Bounded extends HttpServletRequestWrapper {

        private final int limit;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, int limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final int limit;
        private long read;

        LimitedStream(ServletInputStream in, int limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b != -1) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // never ask the container for more than one byte past the limit
            int n = in.read(buffer, offset, (int) Math.min(length, limit - read + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws WebhookBodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new WebhookBodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
