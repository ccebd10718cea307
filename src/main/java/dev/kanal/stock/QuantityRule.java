package dev.kanal.stock;

import java.util.Collection;

/**
 * The calculated quantity, as DESIGN.md defines it:
 * {@code calc = clamp(on_hand - allocated - buffer, 0, max)}, and for a bundle the minimum over
 * its components of {@code floor(calc(component) / units)}.
 */
public final class QuantityRule {

    private QuantityRule() {
    }

    /** @param max the account's cap, or null for none */
    public static int calculated(long onHand, long allocated, int buffer, Integer max) {
        long quantity = Math.max(0, onHand - allocated - buffer);
        if (max != null) {
            quantity = Math.min(quantity, max);
        }
        return (int) quantity;
    }

    /** A bundle sells as many kits as its scarcest component allows; no components, none. */
    public static int bundle(Collection<Component> components) {
        return components.stream()
                .mapToInt(c -> c.calculated() / c.units())
                .min()
                .orElse(0);
    }

    /** One component of a bundle: its own calculated quantity and the units one kit needs. */
    public record Component(int calculated, int units) {
        public Component {
            if (units < 1) {
                throw new IllegalArgumentException("units must be at least 1");
            }
        }
    }
}
