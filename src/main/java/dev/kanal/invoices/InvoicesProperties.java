package dev.kanal.invoices;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Flow 6, documents back (application.yaml {@code kanal.invoices}).
 *
 * @param linkSecret   signs invoice download links (KANAL_INVOICE_LINK_SECRET); blank: a key made
 *                     once and kept in the database
 * @param linkLifetime how long a link in a customer note works
 * @param retryAfter   how long after its last attempt the sweep sends an owed invoice again
 * @param sweepPeriod  milliseconds between two runs of the invoices sweep
 */
@Validated
@ConfigurationProperties("kanal.invoices")
public record InvoicesProperties(
        String linkSecret,
        @DefaultValue("30d") @NotNull Duration linkLifetime,
        @DefaultValue("15m") @NotNull Duration retryAfter,
        @DefaultValue("60000") long sweepPeriod) {
}
