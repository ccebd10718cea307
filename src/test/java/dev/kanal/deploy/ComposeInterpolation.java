package dev.kanal.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker Compose's variable interpolation, as far as docker/compose.yaml uses it, so the build
 * can check what compose would do without a Docker engine: {@code $$} escapes a dollar,
 * {@code ${VAR}} and {@code $VAR} read a variable, {@code ${VAR:-default}} / {@code ${VAR-default}}
 * fall back, {@code ${VAR:?message}} / {@code ${VAR?message}} refuse to start.
 */
final class ComposeInterpolation {

    private static final Pattern REFERENCE = Pattern.compile(
            "\\$(?:(\\$)|\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*)|(\\{))");

    /** What compose would refuse: one entry per required variable that is unset (or empty, for {@code :?}). */
    static final class MissingVariables extends RuntimeException {
        final List<String> variables;

        MissingVariables(List<String> variables, List<String> messages) {
            super(String.join("; ", messages));
            this.variables = List.copyOf(variables);
        }
    }

    /** A {@code ${VAR...}} reference in a file: its variable, its operator ("" when none) and the text after it. */
    record Reference(String variable, String operator, String argument) {
        boolean required() {
            return operator.endsWith("?");
        }

        boolean hasDefault() {
            return operator.endsWith("-");
        }
    }

    private ComposeInterpolation() {
    }

    /** {@code text} with every reference replaced from {@code environment}; every missing required variable at once. */
    static String interpolate(String text, Map<String, String> environment) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        List<String> missing = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        while (m.find()) {
            String replacement;
            if (m.group(1) != null) {
                replacement = "$";
            } else if (m.group(6) != null) {
                throw new IllegalArgumentException("unsupported interpolation at offset " + m.start() + ": "
                        + text.substring(m.start(), Math.min(text.length(), m.start() + 40)));
            } else {
                String name = m.group(2) != null ? m.group(2) : m.group(5);
                String operator = m.group(3) == null ? "" : m.group(3);
                String argument = m.group(4) == null ? "" : m.group(4);
                String value = environment.get(name);
                boolean unset = operator.startsWith(":") ? value == null || value.isEmpty() : value == null;
                if (operator.endsWith("-")) {
                    replacement = unset ? argument : value;
                } else if (operator.endsWith("?")) {
                    if (unset) {
                        missing.add(name);
                        messages.add(name + ": " + argument);
                    }
                    replacement = unset ? "" : value;
                } else {
                    replacement = value == null ? "" : value;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        if (!missing.isEmpty()) {
            throw new MissingVariables(missing, messages);
        }
        return out.toString();
    }

    /** Every {@code ${...}} reference in {@code text}, in order. */
    static List<Reference> references(String text) {
        Matcher m = REFERENCE.matcher(text);
        List<Reference> references = new ArrayList<>();
        while (m.find()) {
            if (m.group(2) != null) {
                references.add(new Reference(m.group(2), m.group(3) == null ? "" : m.group(3), m.group(4) == null ? "" : m.group(4)));
            } else if (m.group(5) != null) {
                references.add(new Reference(m.group(5), "", ""));
            }
        }
        return references;
    }

    /** A compose duration ({@code 90s}, {@code 1m30s}, {@code 500ms}, {@code 1h}) in milliseconds. */
    static long durationMillis(String duration) {
        Matcher part = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|ns|h|m|s)").matcher(duration.strip());
        double millis = 0;
        int end = 0;
        while (part.find()) {
            if (part.start() != end) {
                break;
            }
            double amount = Double.parseDouble(part.group(1));
            millis += amount * switch (part.group(2)) {
                case "h" -> 3_600_000;
                case "m" -> 60_000;
                case "s" -> 1_000;
                case "ms" -> 1;
                case "us" -> 0.001;
                default -> 0.000_001;
            };
            end = part.end();
        }
        if (end == 0 || end != duration.strip().length()) {
            throw new IllegalArgumentException("not a compose duration: '" + duration + "'");
        }
        return Math.round(millis);
    }
}
