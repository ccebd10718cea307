package dev.kanal.client.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How client YAML binds to the records: kebab-case keys, enums written {@code to-fulfil} (any
 * case), durations written {@code 30s}, duplicate keys and unknown fields refused. Binding
 * problems are collected (see {@link Problems}) so one run reports all of them.
 */
final class YamlBinding {

    static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .addModule(new SimpleModule("kanal-client-config")
                    .addDeserializer(Duration.class, new DurationDeserializer())
                    .addDeserializer(Integer.class, new IntegerDeserializer())
                    .addDeserializer(Boolean.class, new BooleanDeserializer())
                    .setDeserializerModifier(new BeanDeserializerModifier() {
                        @Override
                        public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
                            return new KebabEnumDeserializer(type.getRawClass());
                        }
                    }))
            .build();

    private YamlBinding() {
    }

    /** Enum constants from their YAML spelling; anything else is a problem listing the accepted values. */
    static final class KebabEnumDeserializer extends StdScalarDeserializer<Object> {

        @SuppressWarnings({"rawtypes", "unchecked"})
        KebabEnumDeserializer(Class<?> enumType) {
            super((Class) enumType);
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.currentToken().isScalarValue()) {
                return ctxt.handleUnexpectedToken(handledType(), p);
            }
            String text = p.getText();
            if (p.currentToken() == com.fasterxml.jackson.core.JsonToken.VALUE_FALSE
                    && KebabEnums.parse((Class) handledType(), "off") != null) {
                text = "off"; // YAML 1.1 reads an unquoted off as false: for an enum with OFF (products-out) it means that
            }
            Object constant = KebabEnums.parse((Class) handledType(), text);
            if (constant != null) {
                return constant;
            }
            return ctxt.handleWeirdStringValue(handledType(), text, "%s",
                    "must be one of: " + KebabEnums.codes((Class) handledType()));
        }
    }

    /**
     * Whole numbers, also when written as text (a resolved placeholder is text). A fraction or
     * anything else is a problem, never silently truncated.
     */
    static final class IntegerDeserializer extends StdScalarDeserializer<Integer> {

        IntegerDeserializer() {
            super(Integer.class);
        }

        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                return p.getIntValue();
            }
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                return (Integer) ctxt.handleWeirdNumberValue(Integer.class, p.getNumberValue(), "%s", "not a whole number");
            }
            if (token == JsonToken.VALUE_STRING) {
                String text = p.getText().trim();
                try {
                    return Integer.valueOf(text);
                } catch (NumberFormatException e) {
                    return (Integer) ctxt.handleWeirdStringValue(Integer.class, text, "%s", "not a whole number");
                }
            }
            return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
        }
    }

    /** {@code true} or {@code false}, also when written as text (a resolved placeholder is text). */
    static final class BooleanDeserializer extends StdScalarDeserializer<Boolean> {

        BooleanDeserializer() {
            super(Boolean.class);
        }

        @Override
        public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                return token == JsonToken.VALUE_TRUE;
            }
            if (token.isScalarValue()) {
                String text = p.getText().trim();
                if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                    return Boolean.valueOf(text);
                }
                return (Boolean) ctxt.handleWeirdStringValue(Boolean.class, text, "%s", "not true or false");
            }
            return (Boolean) ctxt.handleUnexpectedToken(Boolean.class, p);
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601 such as {@code PT30S}. */
    static final class DurationDeserializer extends StdScalarDeserializer<Duration> {

        private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.currentToken().isScalarValue()) {
                return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
            }
            String text = p.getText().trim();
            Duration parsed = parse(text);
            if (parsed != null) {
                return parsed;
            }
            return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, "%s",
                    "must be a duration such as 500ms, 30s, 5m, 2h or PT30S");
        }

        static Duration parse(String text) {
            Matcher m = SIMPLE.matcher(text.toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    /**
     * Records binding problems with their YAML path and lets binding go on (the field becomes
     * null), so a file with three mistakes reports three problems.
     */
    static final class Problems extends DeserializationProblemHandler {

        private final FileProblems problems;

        Problems(FileProblems problems) {
            this.problems = problems;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                Object beanOrClass, String propertyName) throws IOException {
            // the path of the mapping that holds the unknown key, plus the key
            JsonStreamContext holder = p.getParsingContext();
            if (p.currentToken() != null && p.currentToken().isStructStart()) {
                holder = holder.getParent();
            }
            String path = FieldPaths.child(FieldPaths.of(holder.getParent()), propertyName);
            problems.add(path, "unknown field '" + propertyName + "'" + hint(propertyName, deserializer.getKnownPropertyNames()));
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value,
                String failureMsg) {
            String what;
            if (targetType.isEnum() || targetType == Duration.class) {
                what = failureMsg;
            } else if (targetType == Integer.class || targetType == Long.class) {
                what = "must be a whole number";
            } else if (targetType == Boolean.class) {
                what = "must be true or false";
            } else {
                what = "cannot be read as " + describe(targetType);
            }
            // Only typed values (enums, numbers, flags, durations) get here, never credentials.
            problems.add(FieldPaths.of(ctxt.getParser()), what + " (was '" + shorten(value) + "')");
            return null;
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value,
                String failureMsg) {
            problems.add(FieldPaths.of(ctxt.getParser()), "must be " + describe(targetType) + " (was " + value + ")");
            return null;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                String failureMsg) throws IOException {
            problems.add(FieldPaths.of(p), "must be " + describe(targetType.getRawClass()) + ", not " + describe(t));
            p.skipChildren();
            return null;
        }

        @Override
        public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                ValueInstantiator valueInsta, JsonParser p, String msg) throws IOException {
            problems.add(FieldPaths.of(p), "must be " + describe(instClass) + ", not " + describe(p.currentToken()));
            p.skipChildren();
            return null;
        }

        private static String hint(String unknown, Collection<Object> known) {
            List<String> names = known.stream().map(String::valueOf).sorted().toList();
            return names.stream()
                    .filter(name -> distance(unknown, name) <= Math.max(1, name.length() / 4))
                    .min(Comparator.comparingInt(name -> distance(unknown, name)))
                    .map(name -> " (did you mean '" + name + "'?)")
                    .orElse(names.isEmpty() ? "" : "; known fields: " + String.join(", ", names));
        }

        /** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
        static int distance(String a, String b) {
            int[][] d = new int[a.length() + 1][b.length() + 1];
            for (int i = 0; i <= a.length(); i++) {
                d[i][0] = i;
            }
            for (int j = 0; j <= b.length(); j++) {
                d[0][j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                for (int j = 1; j <= b.length(); j++) {
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                    if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                    }
                }
            }
            return d[a.length()][b.length()];
        }

        private static String shorten(String value) {
            return value.length() <= 40 ? value : value.substring(0, 37) + "...";
        }
    }

    static String describe(Class<?> type) {
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping (key: value lines)";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (type == Integer.class || type == Long.class || type == int.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            String codes = KebabEnums.codes((Class) type);
            return "one of: " + codes;
        }
        if (type == Duration.class) {
            return "a duration such as 30s";
        }
        return "a " + type.getSimpleName();
    }

    static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "a mapping";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a text value";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true/false";
            case VALUE_NULL -> "empty";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }
}
