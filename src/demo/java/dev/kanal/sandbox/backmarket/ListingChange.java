package dev.kanal.sandbox.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A partial listing update, validated before anything is applied. The API accepts the fields
 * of {@code POST /ws/listings/{listingId}} (quantity, price, currency, comment, warranty_delay,
 * min_price; shipping fields are accepted and ignored); a seller "in the back office" (the
 * control API) may also set title, max_price and publication_state.
 */
final class ListingChange {

    private final List<Consumer<SandboxListing>> steps = new ArrayList<>();
    private String currency;

    private ListingChange() {
    }

    /**
     * @param byHand true for the control API's back-office edits
     * @throws IllegalArgumentException with the message to show when a field is invalid
     */
    static ListingChange parse(JsonNode body, boolean byHand) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("a JSON object is expected");
        }
        ListingChange change = new ListingChange();
        if (body.has("quantity")) {
            int quantity = integer(body.get("quantity"), "quantity");
            if (quantity < 0) {
                throw new IllegalArgumentException("quantity: ensure this value is greater than or equal to 0");
            }
            change.steps.add(l -> l.setQuantity(quantity));
        }
        if (body.has("price")) {
            String price = money(body.get("price"), "price", false);
            change.steps.add(l -> l.price = price);
        }
        if (body.has("min_price")) {
            String minPrice = money(body.get("min_price"), "min_price", true);
            change.steps.add(l -> l.minPrice = minPrice);
        }
        if (body.has("currency")) {
            JsonNode currency = body.get("currency");
            if (!currency.isTextual() || !currency.asText().matches("[A-Z]{3}")) {
                throw new IllegalArgumentException("currency: an ISO 4217 code is expected");
            }
            change.currency = currency.asText();
        }
        if (body.has("comment")) {
            JsonNode comment = body.get("comment");
            if (!comment.isNull() && !comment.isTextual()) {
                throw new IllegalArgumentException("comment: a string is expected");
            }
            String text = comment.isNull() ? null : comment.asText();
            if (text != null && text.length() > 500) {
                throw new IllegalArgumentException("comment: ensure this field has no more than 500 characters");
            }
            change.steps.add(l -> l.comment = text);
        }
        if (body.has("warranty_delay")) {
            int months = integer(body.get("warranty_delay"), "warranty_delay");
            if (months < 12) {
                throw new IllegalArgumentException("warranty_delay: 12 months minimum");
            }
            change.steps.add(l -> l.warrantyDelay = months);
        }
        if (byHand) {
            if (body.has("title")) {
                String title = body.get("title").asText();
                change.steps.add(l -> l.title = title);
            }
            if (body.has("max_price")) {
                String maxPrice = money(body.get("max_price"), "max_price", false);
                change.steps.add(l -> l.maxPrice = maxPrice);
            }
            if (body.has("publication_state")) {
                int state = publicationState(body.get("publication_state"));
                change.steps.add(l -> l.publicationState = state);
            }
        }
        return change;
    }

    /** Applies the change; the caller holds the seller's lock. */
    void applyTo(SandboxListing listing) {
        if (currency != null && !currency.equals(listing.currency)) {
            throw new IllegalArgumentException("currency: " + currency + " does not match the market's currency "
                    + listing.currency);
        }
        steps.forEach(step -> step.accept(listing));
    }

    static int integer(JsonNode node, String field) {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isTextual() && node.asText().matches("-?\\d{1,9}")) {
            return Integer.parseInt(node.asText());
        }
        throw new IllegalArgumentException(field + ": a valid integer is required");
    }

    static int publicationState(JsonNode node) {
        int state = integer(node, "publication_state");
        if (state < 0 || state > 4) {
            throw new IllegalArgumentException("publication_state: one of 0, 1, 2, 3, 4");
        }
        return state;
    }

    /** Prices are answered as strings with two decimals, as Back Market does. */
    static String money(JsonNode node, String field, boolean nullable) {
        if (node.isNull() && nullable) {
            return null;
        }
        BigDecimal value;
        try {
            value = node.isNumber() ? node.decimalValue() : node.isTextual() ? new BigDecimal(node.asText()) : null;
        } catch (NumberFormatException e) {
            value = null;
        }
        if (value == null || value.signum() < 0) {
            throw new IllegalArgumentException(field + ": a valid non-negative number is required");
        }
        return value.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
