package dev.kanal.console;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** How the console writes times and durations ({@code ${@consoleFormat.ago(...)}} in the templates). */
@Component("consoleFormat")
public class ConsoleFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** "12 s ago", "3 min ago", "2 h ago", "4 d ago"; "never" for nothing. */
    public String ago(Object value) {
        Instant at = instant(value);
        if (at == null) {
            return "never";
        }
        long seconds = Math.max(0, Duration.between(at, Instant.now()).toSeconds());
        if (seconds < 120) {
            return seconds + " s ago";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min ago";
        }
        if (seconds < 172_800) {
            return seconds / 3600 + " h ago";
        }
        return seconds / 86_400 + " d ago";
    }

    /** The time in UTC, to the second; "—" for nothing. */
    public String time(Object value) {
        Instant at = instant(value);
        return at == null ? "—" : TIME.format(at);
    }

    /** "850 ms", "1.2 s", "3.5 min"; "—" for nothing. */
    public String duration(Duration duration) {
        if (duration == null) {
            return "—";
        }
        long ms = duration.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 120_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f min", ms / 60_000.0);
    }

    /** Whether the time is within the last {@code seconds}. */
    public boolean fresh(Object value, long seconds) {
        Instant at = instant(value);
        return at != null && Duration.between(at, Instant.now()).toSeconds() <= seconds;
    }

    static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        return null;
    }
}
