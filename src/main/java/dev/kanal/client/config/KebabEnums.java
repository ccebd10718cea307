package dev.kanal.client.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** YAML spelling of enum constants: {@code TO_FULFIL} is written {@code to-fulfil}. */
final class KebabEnums {

    private KebabEnums() {
    }

    static String code(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant written as {@code text} (any case, '-' or '_'), or null. */
    static <E extends Enum<?>> E parse(Class<E> type, String text) {
        String wanted = text.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        return null;
    }

    /** "sku, variation" */
    static String codes(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(KebabEnums::code).collect(Collectors.joining(", "));
    }
}
