package dev.kanal.sandbox.backmarket;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * An error answer of the sandbox, in one of the shapes Back Market uses: the V1 body
 * {@code {"error":{"code","message"},"requestId"}}, a bare JSON string (listing update 400s), or
 * an HTML page (what Cloudflare sends for 502/503).
 */
final class SandboxError extends RuntimeException {

    private final transient ResponseEntity<Object> response;

    private SandboxError(String message, ResponseEntity<Object> response) {
        super(message, null, false, false);
        this.response = response;
    }

    ResponseEntity<Object> response() {
        return response;
    }

    static SandboxError v1(HttpStatus status, String code, String message) {
        return v1(status, code, message, new HttpHeaders());
    }

    static SandboxError v1(HttpStatus status, String code, String message, HttpHeaders headers) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("requestId", UUID.randomUUID().toString());
        return new SandboxError(message, ResponseEntity.status(status)
                .headers(headers).contentType(MediaType.APPLICATION_JSON).body(body));
    }

    /** 400 of the listing update endpoint: the vendor's schema is a bare JSON string. */
    static SandboxError bareString(HttpStatus status, String message) {
        return new SandboxError(message, ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(TextNode.valueOf(message)));
    }

    /** An injected 5xx: 500 as a V1 body, 502/503/504 as the HTML page a proxy would send. */
    static SandboxError serverError(int status) {
        HttpStatus httpStatus = HttpStatus.valueOf(status);
        if (status == 500) {
            return v1(httpStatus, "internal_server_error", "Internal server error (injected by the sandbox)");
        }
        String html = "<html><head><title>" + status + " " + httpStatus.getReasonPhrase() + "</title></head>"
                + "<body><h1>" + status + " " + httpStatus.getReasonPhrase() + "</h1>"
                + "<p>injected by the Kanal Back Market sandbox</p></body></html>";
        return new SandboxError(html, ResponseEntity.status(httpStatus).contentType(MediaType.TEXT_HTML).body(html));
    }
}
