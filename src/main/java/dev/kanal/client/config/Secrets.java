package dev.kanal.client.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Masks secret values for toString and log output. */
final class Secrets {

    static final String MASK = "****";

    private static final Pattern PASSWORD_IN_URL =
            Pattern.compile("(?i)(password|pwd|secret|token|key)=[^&;]*");

    private Secrets() {
    }

    /** {@code ****} for a set value, null for an unset one (so "not configured" stays visible). */
    static String mask(String secret) {
        return secret == null ? null : MASK;
    }

    /** Same keys, every value masked. */
    static Map<String, String> maskValues(Map<String, String> map) {
        Map<String, String> masked = new LinkedHashMap<>();
        map.forEach((key, value) -> masked.put(key, mask(value)));
        return masked;
    }

    /** A JDBC or HTTP URL with password-like query parameters masked. */
    static String maskUrl(String url) {
        return url == null ? null : PASSWORD_IN_URL.matcher(url).replaceAll("$1=" + MASK);
    }
}
