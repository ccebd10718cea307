package dev.kanal.sandbox.baselinker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A method's {@code parameters} JSON, read the way BaseLinker's PHP does: numbers may come as
 * numbers or numeric strings, booleans as true/false, 1/0 or "1"/"0". A value of the wrong kind
 * is {@code ERROR_PARAMETERS}.
 */
record Params(JsonNode json) {

    boolean has(String field) {
        return json.hasNonNull(field);
    }

    long requiredLong(String field) {
        if (!has(field)) {
            throw SandboxApiError.parameters("Missing parameter: " + field);
        }
        return longValue(field);
    }

    Long optionalLong(String field) {
        return has(field) ? longValue(field) : null;
    }

    private long longValue(String field) {
        JsonNode value = json.get(field);
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isTextual() && value.asText().trim().matches("-?\\d{1,18}")) {
            return Long.parseLong(value.asText().trim());
        }
        throw SandboxApiError.parameters("Parameter " + field + " must be an integer");
    }

    String optionalText(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = json.get(field);
        if (value.isContainerNode()) {
            throw SandboxApiError.parameters("Parameter " + field + " must be a string");
        }
        return value.asText();
    }

    boolean flag(String field) {
        if (!has(field)) {
            return false;
        }
        JsonNode value = json.get(field);
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        String text = value.asText().trim();
        if (text.equals("1") || text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equals("0") || text.equalsIgnoreCase("false") || text.isEmpty()) {
            return false;
        }
        throw SandboxApiError.parameters("Parameter " + field + " must be a boolean");
    }

    JsonNode node(String field) {
        return json.path(field);
    }
}
