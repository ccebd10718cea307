package dev.kanal.ops.overview;

import java.time.Duration;
import java.time.Instant;

/**
 * One channel account at a glance.
 *
 * @param client              client id
 * @param account             account id
 * @param channel             channel type
 * @param lastErpPoll         the client's source last polled successfully
 * @param lastSuccessfulCall  a call to the channel (poll, push, acknowledgement…) last succeeded
 * @param lastPush            a quantity was last accepted by the channel
 * @param lastOrderImport     an order of this account was last received
 * @param latencyP50          sync latency, median over the last hour (null: nothing pushed)
 * @param latencyP99          sync latency, 99th percentile over the last hour
 * @param latencySamples      listings pushed in the last hour (one sample each: its newest push)
 * @param latencyTarget       what p99 should stay under
 * @param consecutiveFailures failed calls in a row
 * @param lastFailure         the last failure's message
 * @param lastFailureAt       when it happened
 * @param callsPerMinute      the account's call budget
 * @param callsLastMinute     calls the budget granted in the last 60 s, all nodes together (null: budgets kept in each
 *                            node's memory, {@code kanal.connectors.call-budgets: in-jvm}, which no node can read for all)
 * @param budgetPausedUntil   the channel asked Kanal to wait (a 429) until then; null when it is not waiting
 * @param webhooks            the account takes webhooks (has a webhook secret)
 * @param lastWebhook         the last webhook delivery with a valid signature
 * @param importsOrders       the account's orders are imported
 * @param listings            listings of the account
 * @param unmappedListings    listings mapped to nothing (their stock is not pushed)
 * @param heldOrders          orders held for an operator
 */
public record AccountOverview(
        String client,
        String account,
        String channel,
        Instant lastErpPoll,
        Instant lastSuccessfulCall,
        Instant lastPush,
        Instant lastOrderImport,
        Duration latencyP50,
        Duration latencyP99,
        int latencySamples,
        Duration latencyTarget,
        int consecutiveFailures,
        String lastFailure,
        Instant lastFailureAt,
        int callsPerMinute,
        Integer callsLastMinute,
        Instant budgetPausedUntil,
        boolean webhooks,
        Instant lastWebhook,
        boolean importsOrders,
        long listings,
        long unmappedListings,
        long heldOrders) {

    /** No sample, or p99 within the target. */
    public boolean withinTarget() {
        return latencyP99 == null || latencyP99.compareTo(latencyTarget) <= 0;
    }

    /** Share of the budget the last minute used, 0 to 100 (null when not known). */
    public Integer budgetUsePercent() {
        return callsLastMinute == null ? null : Math.min(100, callsLastMinute * 100 / Math.max(1, callsPerMinute));
    }

    /** The account's calls are failing now. */
    public boolean failing() {
        return consecutiveFailures > 0;
    }
}
