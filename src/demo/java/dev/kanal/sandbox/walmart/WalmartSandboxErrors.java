package dev.kanal.sandbox.walmart;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Error answers of the Walmart sandbox, in Walmart's shape. */
@RestControllerAdvice(assignableTypes = {WalmartSandboxApi.class, WalmartSandboxControl.class})
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class WalmartSandboxErrors {

    @ExceptionHandler(WalmartSandboxError.class)
    ResponseEntity<Object> error(WalmartSandboxError error) {
        return error.response();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Object> invalid(IllegalArgumentException e) {
        return WalmartSandboxError.badRequest("INVALID_REQUEST_CONTENT", null, e.getMessage()).response();
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Object> unreadable() {
        return WalmartSandboxError.of(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST_CONTENT", null, "The body is not valid JSON",
                "REQUEST").response();
    }
}
