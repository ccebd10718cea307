package dev.kanal.sandbox.backmarket;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Error answers of the Back Market sandbox, in Back Market's shapes. */
@RestControllerAdvice(assignableTypes = {BackMarketSandboxController.class, BackMarketSandboxOrdersController.class,
        BackMarketSandboxControlController.class})
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class BackMarketSandboxErrors {

    @ExceptionHandler(SandboxError.class)
    ResponseEntity<Object> sandboxError(SandboxError error) {
        return error.response();
    }

    /** Invalid control requests (the API's own validation errors are SandboxErrors already). */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Object> invalid(IllegalArgumentException e) {
        return SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage()).response();
    }

    /** A body that is not JSON: the listing update answers a bare string, like its other 400s. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Object> unreadable(HttpServletRequest request) {
        String message = "JSON parse error: the body is not valid JSON";
        if (request.getRequestURI().contains("/sandbox/backmarket/ws/")) {
            return SandboxError.bareString(HttpStatus.BAD_REQUEST, message).response();
        }
        return SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_request", message).response();
    }
}
