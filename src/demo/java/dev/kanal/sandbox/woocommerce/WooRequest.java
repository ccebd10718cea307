package dev.kanal.sandbox.woocommerce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A request as PHP would see it: the URL WordPress signs against (scheme, host, port, path; no
 * query), the query string decoded into a map where the last value of a name wins ({@code $_GET}),
 * the Authorization header and the raw body.
 */
record WooRequest(String method, String url, Map<String, String> query, String authorization, String body) {

    static WooRequest from(HttpServletRequest http) {
        String scheme = http.getScheme().toLowerCase(Locale.ROOT);
        int port = http.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        String url = scheme + "://" + http.getServerName().toLowerCase(Locale.ROOT)
                + (defaultPort ? "" : ":" + port) + http.getRequestURI();
        String body;
        try {
            body = new String(http.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new WooRequest(http.getMethod().toUpperCase(Locale.ROOT), url, parseQuery(http.getQueryString()),
                http.getHeader("Authorization"), body);
    }

    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.remove(key); // keep the order of the last occurrence, as PHP
            query.put(key, value);
        }
        return Collections.unmodifiableMap(query);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a stray '%': PHP keeps it as it is
        }
    }

    /** The body as JSON; missing when empty; 400 rest_invalid_json when it is not JSON. */
    JsonNode json() {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return WooJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new WooError(400, "rest_invalid_json", "Invalid JSON body passed.");
        }
    }

    boolean flag(String name) {
        String value = query.get(name);
        return value != null && ("true".equalsIgnoreCase(value) || "1".equals(value));
    }
}
