package dev.kanal.sandbox.walmart;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * An error answer in Walmart's shape: {@code {"errors":[{"code","field","description","info",
 * "severity","category","causes":[],"errorIdentifiers":{}}]}} (shared/api-contracts.md 3.5).
 */
final class WalmartSandboxError extends RuntimeException {

    private final transient ResponseEntity<Object> response;

    private WalmartSandboxError(String message, ResponseEntity<Object> response) {
        super(message, null, false, false);
        this.response = response;
    }

    ResponseEntity<Object> response() {
        return response;
    }

    static WalmartSandboxError of(HttpStatus status, String code, String field, String description, String category) {
        return of(status, code, field, description, category, new HttpHeaders());
    }

    static WalmartSandboxError of(HttpStatus status, String code, String field, String description, String category,
                                  HttpHeaders headers) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("field", field);
        error.put("description", description);
        error.put("info", description);
        error.put("severity", "ERROR");
        error.put("category", category);
        error.put("causes", List.of());
        error.put("errorIdentifiers", Map.of());
        return new WalmartSandboxError(code + ": " + description, ResponseEntity.status(status).headers(headers)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("errors", List.of(error))));
    }

    static WalmartSandboxError unauthorized(String description) {
        return of(HttpStatus.UNAUTHORIZED, "UNAUTHORIZED.GMP_GATEWAY_API", "UNAUTHORIZED", description, "DATA");
    }

    static WalmartSandboxError missingHeader(String header) {
        return of(HttpStatus.BAD_REQUEST, "MISSING_REQUEST_HEADER", header, "Required header " + header + " is missing", "REQUEST");
    }

    static WalmartSandboxError badRequest(String code, String field, String description) {
        return of(HttpStatus.BAD_REQUEST, code, field, description, "REQUEST");
    }

    static WalmartSandboxError notFound(String description) {
        return of(HttpStatus.NOT_FOUND, "CONTENT_NOT_FOUND.GMP_ORDER_API", "purchaseOrderId", description, "DATA");
    }

    static WalmartSandboxError serverError(int status) {
        HttpStatus httpStatus = HttpStatus.valueOf(status);
        return of(httpStatus, status == 504 ? "DOWNSTREAM_SYSTEM_TIME_OUT" : "SYSTEM_ERROR", null,
                httpStatus.getReasonPhrase() + " (injected by the Kanal Walmart sandbox)", "SYSTEM");
    }
}
