package dev.kanal.connector;

import dev.kanal.client.config.ReturnReason;
import java.time.Instant;
import java.util.List;

/**
 * Units a channel refunded after shipping, as its connector reads them: a return for Kanal
 * (flow 4). Nothing is translated yet but the reason.
 *
 * @param key           stable per return on the channel (e.g. {@code bm-line:123:state6}, {@code woo-refund:45}):
 *                      seeing it again opens nothing new
 * @param reason        Kanal's reason
 * @param channelReason the channel's own code or words
 * @param message       the customer's or the channel's message, if any
 * @param at            when the channel refunded it; null when it does not say
 * @param lines         which channel lines, how many units
 * @param notes         what else the channel says about it, for the return's events (e.g. Back Market care folders)
 */
public record ChannelReturn(String key, ReturnReason reason, String channelReason, String message, Instant at, List<Line> lines,
                            List<String> notes) {

    public ChannelReturn {
        lines = List.copyOf(lines);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public ChannelReturn(String key, ReturnReason reason, String channelReason, String message, Instant at, List<Line> lines) {
        this(key, reason, channelReason, message, at, lines, List.of());
    }

    /** Units of one channel line. */
    public record Line(String channelLineId, int quantity) {
    }
}
