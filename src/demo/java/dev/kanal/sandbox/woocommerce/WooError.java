package dev.kanal.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A WordPress REST error: {@code {"code","message","data":{"status",...}}}. */
class WooError extends RuntimeException {

    private final int status;
    private final String code;
    private final ObjectNode data;

    WooError(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    WooError(int status, String code, String message, Map<String, ?> extraData) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.data = JsonNodeFactory.instance.objectNode().put("status", status);
        ObjectMapper mapper = WooJson.MAPPER;
        extraData.forEach((key, value) -> data.set(key, mapper.valueToTree(value)));
    }

    static WooError invalidId(String code) {
        return new WooError(404, code, "Invalid ID.");
    }

    /** WordPress's 400 for request parameters that fail their schema. */
    static WooError invalidParams(Map<String, String> problems) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        problems.forEach(params::put);
        return new WooError(400, "rest_invalid_param", "Invalid parameter(s): " + String.join(", ", problems.keySet()),
                Map.of("params", params));
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** The error as a batch item or response body. */
    ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("code", code);
        body.put("message", getMessage());
        body.set("data", data.deepCopy());
        return body;
    }

    ResponseEntity<JsonNode> response() {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body());
    }
}
