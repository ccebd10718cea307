package dev.kanal.client.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * A warehouse the client ships from.
 *
 * @param warehouse the warehouse code as the source system spells it (e.g. {@code MAG})
 * @param priority  allocation order: an order line is allocated from the lowest number with stock
 *                  first; 1 is the first choice; unique within the client
 */
public record FulfilmentCentreConfig(@NotBlank String warehouse, @NotNull @Min(1) Integer priority) {
}
