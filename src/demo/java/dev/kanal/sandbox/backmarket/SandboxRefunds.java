package dev.kanal.sandbox.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * Refunds through {@code POST /ws/orders/{order_id}}, as the spec's OrderLineState table and
 * UpdateOrder describe them: {@code new_state} 5 refunds the SKU's lines before shipping (from 2,
 * accepted), 6 after shipping (from 3, shipped) and then needs a {@code return_reason}; both may
 * carry a {@code return_message} (at most 500 characters) that the customer sees. The lines keep
 * the reason and the message, and the Order shows them. Once no line is left to accept or to ship
 * (1 or 2), the order is processed: state 9. That last rule is the sandbox's reading of "not over
 * until all its orderlines have reached a final state"; Back Market does not document which order
 * state a fully refunded order shows. Called under the seller's lock.
 */
final class SandboxRefunds {

    static final int REFUNDED_BEFORE_SHIPPING = 5;
    static final int REFUNDED_AFTER_SHIPPING = 6;
    private static final int ACCEPTED = 2;
    private static final int SHIPPED = 3;
    private static final int PROCESSED = 9;

    private SandboxRefunds() {
    }

    static boolean isRefund(int newState) {
        return newState == REFUNDED_BEFORE_SHIPPING || newState == REFUNDED_AFTER_SHIPPING;
    }

    /** Applies a refund of the lines of {@code sku}, all or nothing; a SandboxError (400) says what is wrong. */
    static void apply(SandboxSeller seller, SandboxOrder order, List<SandboxOrder.Line> lines, String sku, int newState, JsonNode body) {
        int from = newState == REFUNDED_BEFORE_SHIPPING ? ACCEPTED : SHIPPED;
        Integer reason = null;
        if (body.hasNonNull("return_reason")) {
            reason = body.get("return_reason").canConvertToInt() && body.get("return_reason").isIntegralNumber()
                    ? body.get("return_reason").asInt() : -1;
            if (!SandboxOrder.RETURN_REASONS.contains(reason)) {
                throw invalid("return_reason must be one of " + SandboxOrder.RETURN_REASONS);
            }
        } else if (newState == REFUNDED_AFTER_SHIPPING) {
            throw invalid("return_reason is required for new_state 6");
        }
        String message = body.hasNonNull("return_message") ? body.get("return_message").asText() : null;
        if (message != null && message.length() > 500) {
            throw invalid("return_message is longer than 500 characters");
        }
        for (SandboxOrder.Line line : lines) {
            if (line.state != from) {
                throw SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_state", "Line " + line.id + " (" + sku + ") is in state "
                        + line.state + "; new_state " + newState + " is allowed from state " + from + " only");
            }
        }
        for (SandboxOrder.Line line : lines) {
            line.state = newState;
            line.returnReason = reason;
            line.returnMessage = message;
            if (newState == REFUNDED_AFTER_SHIPPING) {
                seller.care.refundedAfterShipping(line.id, order.countryCode);
            }
        }
        if (order.lines.stream().noneMatch(l -> l.state == 1 || l.state == ACCEPTED)) {
            order.state = PROCESSED;
        }
    }

    private static SandboxError invalid(String message) {
        return SandboxError.v1(HttpStatus.BAD_REQUEST, "invalid_parameter", message);
    }
}
