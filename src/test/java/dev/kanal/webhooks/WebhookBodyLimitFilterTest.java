package dev.kanal.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class WebhookBodyLimitFilterTest {

    private final WebhookBodyLimitFilter filter =
            new WebhookBodyLimitFilter(new WebhookProperties(DataSize.ofBytes(100), 1, Duration.ofMillis(50)));

    @Test
    void aContentLengthAboveTheLimitIsAnswered413AndGoesNoFurther() throws Exception {
        MockHttpServletRequest request = post("application/json", new byte[0], 101);
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<ServletRequest> passed = new AtomicReference<>();

        filter.doFilter(request, response, (req, res) -> passed.set(req));

        assertThat(passed.get()).isNull();
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getHeader("Connection")).isEqualTo("close");
        assertThat(response.getContentAsString()).isEqualTo("{\"status\":\"body larger than the limit of 100 bytes\"}");
        assertThat(response.getContentLength()).isEqualTo(response.getContentAsByteArray().length);
    }

    @Test
    void aBodyWithoutContentLengthFailsToReadPastTheLimit() throws Exception {
        MockHttpServletRequest request = post("application/json", new byte[500], -1);
        AtomicReference<Throwable> failure = new AtomicReference<>();

        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
            try {
                req.getInputStream().readAllBytes();
            } catch (WebhookBodyTooLargeException e) {
                failure.set(e);
            }
        });

        assertThat(failure.get()).isInstanceOf(WebhookBodyTooLargeException.class);
    }

    @Test
    void aBodyWithinTheLimitPassesWhole() throws Exception {
        MockHttpServletRequest request = post("application/json", new byte[100]);
        AtomicReference<byte[]> read = new AtomicReference<>();
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> read.set(req.getInputStream().readAllBytes()));
        assertThat(read.get()).hasSize(100);
    }

    @Test
    void multipartIsRefusedBeforeAnythingParsesIt() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(post("multipart/form-data; boundary=x", new byte[10]), response, (req, res) -> {
            throw new AssertionError("passed on");
        });
        assertThat(response.getStatus()).isEqualTo(415);
    }

    @Test
    void requestsBeyondTheConcurrentBoundWaitAndAreThenAnswered503() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FilterChain holding = (req, res) -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try {
                filter.doFilter(post("application/json", new byte[1]), new MockHttpServletResponse(), holding);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        MockHttpServletResponse second = new MockHttpServletResponse();
        filter.doFilter(post("application/json", new byte[1]), second, (req, res) -> {
            throw new AssertionError("passed on while the only turn was taken");
        });
        assertThat(second.getStatus()).isEqualTo(503);
        assertThat(second.getHeader("Retry-After")).isEqualTo("1");

        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        MockHttpServletResponse third = new MockHttpServletResponse();
        AtomicReference<ServletRequest> passed = new AtomicReference<>();
        filter.doFilter(post("application/json", new byte[1]), third, (req, res) -> passed.set(req));
        assertThat(passed.get()).as("the turn was given back").isNotNull();
    }

    @Test
    void aLimitOutsideOneByteToTwoGigabytesIsAConfigurationError() {
        assertThatThrownBy(() -> new WebhookProperties(DataSize.ofBytes(0), 1, Duration.ofSeconds(1)))
                .hasMessageContaining("kanal.webhooks.max-body-size");
    }

    private static MockHttpServletRequest post(String contentType, byte[] body) {
        return post(contentType, body, body.length);
    }

    /** A request whose Content-Length says {@code announced} (-1: none, as when chunked), whatever the body is. */
    private static MockHttpServletRequest post(String contentType, byte[] body, long announced) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/woocommerce/acme/woo") {
            @Override
            public long getContentLengthLong() {
                return announced;
            }

            @Override
            public int getContentLength() {
                return (int) announced;
            }
        };
        request.setContentType(contentType);
        request.setContent(body);
        return request;
    }
}
