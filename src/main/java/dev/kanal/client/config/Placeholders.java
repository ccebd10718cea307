package dev.kanal.client.config;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME}} and {@code ${NAME:default}} inside a string. A resolved value is not
 * scanned again, so a secret that happens to contain {@code ${} stays as it is.
 */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.-]*)(?::([^}]*))?}");

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
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = lookup.apply(name);
            if (value == null) {
                value = matcher.group(2);
            }
            if (value == null) {
                unresolved.accept(name);
                value = matcher.group();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
