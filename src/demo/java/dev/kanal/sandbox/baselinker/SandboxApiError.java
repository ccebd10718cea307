package dev.kanal.sandbox.baselinker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * BaseLinker's failure answer, always with HTTP 200:
 * {@code {"status":"ERROR","error_code":"ERROR_…","error_message":"…"}}.
 */
final class SandboxApiError extends RuntimeException {

    static final String BAD_TOKEN = "ERROR_BAD_TOKEN";
    static final String BLOCKED_TOKEN = "ERROR_BLOCKED_TOKEN";
    static final String UNKNOWN_METHOD = "ERROR_UNKNOWN_METHOD";
    static final String BAD_PARAMETERS = "ERROR_PARAMETERS";
    static final String INVENTORY_NOT_FOUND = "ERROR_INVENTORY_NOT_FOUND";
    static final String ORDER_NOT_FOUND = "ERROR_ORDER_NOT_FOUND";
    static final String STATUS_NOT_FOUND = "ERROR_STATUS_NOT_FOUND";
    static final String TOO_MANY_PRODUCTS = "ERROR_PRODUCTS_LIMIT";
    static final String PRODUCT_NOT_FOUND = "ERROR_PRODUCT_NOT_FOUND";

    private final String code;

    SandboxApiError(String code, String message) {
        super(message);
        this.code = code;
    }

    String code() {
        return code;
    }

    Map<String, Object> answer() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "ERROR");
        answer.put("error_code", code);
        answer.put("error_message", getMessage());
        return answer;
    }

    static SandboxApiError parameters(String message) {
        return new SandboxApiError(BAD_PARAMETERS, message);
    }
}
