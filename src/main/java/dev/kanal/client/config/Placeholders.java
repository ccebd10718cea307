package dev.kanal.client.config;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME}} and {@code ${NAME:default}} inside a string. A default may itself hold
 * placeholders ({@code ${SHOP_URL:http://127.0.0.1:${server.port:8080}/sandbox}}). A value that
 * was looked up is not scanned again, so a secret that happens to contain {@code ${} stays as it is.
 */
final class Placeholders {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private final Function<String, String> lookup;

    Placeholders(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /**
     * The text with every placeholder replaced. A placeholder that is unset and has no default is
     * left in place and its name handed to {@code unresolved}.
     */
    String resolve(String text, Consumer<String> unresolved) {
        if (text.indexOf("${") < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        int start;
        while ((start = text.indexOf("${", from)) >= 0) {
            out.append(text, from, start);
            int end = closingBrace(text, start + 2);
            if (end < 0) {
                break; // unterminated: the rest stays as written
            }
            String body = text.substring(start + 2, end);
            int colon = body.indexOf(':');
            String name = colon < 0 ? body : body.substring(0, colon);
            if (!NAME.matcher(name).matches()) {
                out.append("${");
                from = start + 2;
                continue;
            }
            String value = lookup.apply(name);
            if (value == null && colon >= 0) {
                value = resolve(body.substring(colon + 1), unresolved);
            }
            if (value == null) {
                unresolved.accept(name);
                value = text.substring(start, end + 1);
            }
            out.append(value);
            from = end + 1;
        }
        out.append(text, from, text.length());
        return out.toString();
    }

    /** The index of the '}' that closes a placeholder whose body starts at {@code from}, counting nested ones; -1 if none. */
    private static int closingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            if (text.startsWith("${", i)) {
                depth++;
                i++;
            } else if (text.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
