package dev.kanal.ops.timeline;

import java.time.Instant;

/**
 * One hop of an order's way, with its time.
 *
 * @param at     when it happened (Kanal's clock)
 * @param hop    what happened, in words: received, translated, allocated, acknowledged, in ERP, shipped…
 * @param type   the recorded event type (e.g. {@code CHANNEL_ACCEPTED}), or the order column it was read from
 * @param detail the event's detail: a ZK number, a tracking number, a reason
 */
public record Hop(Instant at, String hop, String type, String detail) {
}
