package dev.kanal.ops.deadletters;

import java.time.Instant;
import java.util.Map;

/**
 * One message parked in a dead-letter queue, as an operator needs to read it.
 *
 * @param queue         the dead-letter queue it sits in
 * @param messageId     its JMS message id ({@code ID:...}), which the broker's management knows it by
 * @param originalQueue the hop queue it failed on (where a replay sends it), null when unknown
 * @param errorClass    the exception that parked it ({@code kanalErrorClass}), null when the broker parked it itself
 * @param errorMessage  that exception's message
 * @param failedAt      when it was parked ({@code kanalErrorTime}, else the message's own time)
 * @param client        the Kanal client it belongs to ({@code kanalClient}), null when it names none
 * @param kanalHeaders  Kanal's own headers (error, route, attempts, client, order…), by name
 * @param otherHeaders  every other header (Camel's, Quartz's), kept apart as noise
 * @param body          the body as text
 */
public record DeadLetter(
        String queue,
        String messageId,
        String originalQueue,
        String errorClass,
        String errorMessage,
        Instant failedAt,
        String client,
        Map<String, String> kanalHeaders,
        Map<String, String> otherHeaders,
        String body) {
}
