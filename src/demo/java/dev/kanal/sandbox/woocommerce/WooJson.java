package dev.kanal.sandbox.woocommerce;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** JSON and date helpers of the WooCommerce sandbox. The shop's site time is UTC. */
final class WooJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private WooJson() {
    }

    static String now(Clock clock) {
        return LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.SECONDS).format(DATE);
    }
}
