package dev.kanal.connector;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads a 429's {@code Retry-After}: seconds or an HTTP date; the channel's default when absent or unreadable. */
public final class RetryAfter {

    private RetryAfter() {
    }

    public static Duration of(Optional<String> header, Clock clock, Duration otherwise) {
        if (header.isEmpty() || header.get().isBlank()) {
            return otherwise;
        }
        String value = header.get().trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException tooLong) {
                return otherwise;
            }
        }
        try {
            Duration until = Duration.between(clock.instant(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException notADate) {
            return otherwise;
        }
    }
}
