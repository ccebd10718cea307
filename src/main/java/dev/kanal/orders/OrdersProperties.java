package dev.kanal.orders;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the orders flow after translation.
 *
 * @param unpaid      when unpaid orders are reminded and cancelled
 * @param erp         the ERP writer
 * @param acknowledgement channel acknowledgements (Back Market accept/refuse) and their sweep
 * @param eventsTopic topic for order events other systems may subscribe to (payment reminders)
 */
@Validated
@ConfigurationProperties("kanal.orders")
public record OrdersProperties(
        @DefaultValue @Valid Unpaid unpaid,
        @DefaultValue @Valid Erp erp,
        @DefaultValue @Valid Acknowledgement acknowledgement,
        @DefaultValue("kanal.orders.events") @NotBlank String eventsTopic) {

    /**
     * @param remindAfter after this long unpaid, one payment reminder event
     * @param cancelAfter after this long unpaid, the order is cancelled and its allocation released
     */
    public record Unpaid(
            @DefaultValue("24h") @NotNull Duration remindAfter,
            @DefaultValue("72h") @NotNull Duration cancelAfter) {
    }

    /**
     * @param requestTimeout how long one gateway call may take before its outcome counts as unknown
     * @param retryAfter     the sweep hands an order that is due but has no ZK to the writer again after this long
     */
    public record Erp(
            @DefaultValue("60s") @NotNull Duration requestTimeout,
            @DefaultValue("15m") @NotNull Duration retryAfter) {
    }

    /**
     * @param rateLimitPatience how long one acknowledgement waits out the channel's 429s (the account's
     *                          budget paused for Retry-After) before it is left for the sweep
     * @param retryAfter        the sweep re-sends an owed acknowledgement no sooner than this after the last try
     * @param recheckAfter      an acknowledgement the channel answered but still shows waiting this long
     *                          later (by the latest import) is sent again
     * @param sweepPeriod       milliseconds between two acknowledgement sweeps (routes/flows/orders-acknowledge.camel.yaml)
     */
    public record Acknowledgement(
            @DefaultValue("60s") @NotNull Duration rateLimitPatience,
            @DefaultValue("2m") @NotNull Duration retryAfter,
            @DefaultValue("10m") @NotNull Duration recheckAfter,
            @DefaultValue("60000") long sweepPeriod) {
    }
}
