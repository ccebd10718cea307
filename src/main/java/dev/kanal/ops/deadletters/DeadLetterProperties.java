package dev.kanal.ops.deadletters;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Dead letters in the console and the admin API.
 *
 * @param readLimit messages read from one dead-letter queue to group them; a deeper queue is
 *                  grouped by its oldest {@code readLimit}, and a replay takes those (replay again for the rest)
 */
@Validated
@ConfigurationProperties("kanal.dead-letters")
public record DeadLetterProperties(@DefaultValue("5000") @Min(1) int readLimit) {
}
