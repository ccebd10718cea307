package dev.kanal.client.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * Field paths in YAML spelling, the same from every stage of loading:
 * {@code channel-accounts[1].status-map.processing}.
 */
final class FieldPaths {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private FieldPaths() {
    }

    static String child(String parent, String key) {
        String segment = PLAIN_KEY.matcher(key).matches() ? key : "\"" + key.replace("\"", "\\\"") + "\"";
        return parent.isEmpty() ? segment : parent + "." + segment;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** Where the parser stands. */
    static String of(JsonParser parser) {
        return of(parser.getParsingContext());
    }

    /** The path of a parsing context, including its current name or index. */
    static String of(JsonStreamContext context) {
        Deque<JsonStreamContext> contexts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null; c = c.getParent()) {
            contexts.addFirst(c);
        }
        String path = "";
        for (JsonStreamContext c : contexts) {
            if (c.inArray() && c.hasCurrentIndex()) {
                path = index(path, c.getCurrentIndex());
            } else if (c.inObject() && c.hasCurrentName()) {
                path = child(path, c.getCurrentName());
            }
        }
        return path;
    }

    /** A Bean Validation property path (Java names) in YAML spelling. */
    static String of(Path propertyPath) {
        String path = "";
        for (Path.Node node : propertyPath) {
            if (node.isInIterable()) {
                if (node.getIndex() != null) {
                    path = index(path, node.getIndex());
                } else if (node.getKey() != null) {
                    path = child(path, String.valueOf(node.getKey()));
                }
            }
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                path = child(path, kebab(node.getName()));
            }
        }
        return path;
    }

    /** {@code channelAccounts} to {@code channel-accounts}, exactly as Jackson names YAML keys. */
    static String kebab(String javaName) {
        return ((PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.KEBAB_CASE).translate(javaName);
    }
}
