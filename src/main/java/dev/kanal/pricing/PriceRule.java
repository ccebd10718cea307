package dev.kanal.pricing;

import dev.kanal.client.config.PricingConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An account's price rule applied to one source price, step by step, so the result and its
 * explanation come from the same arithmetic (as {@code QuantityRule} does for quantities). Plain
 * Java: no database, no Camel.
 *
 * <p>Steps: source gross price, plus markup percent, plus the fixed add-on (both in the source's
 * currency), times the rate (into the account's currency), to the cent, rounded up to the next
 * .99 or .90 ending when asked, clamped to minimum..maximum; a result under the floor is held.
 * Amounts are rounded half-up to the cent only once, after the conversion, so a markup and a rate
 * never compound two roundings.
 */
public final class PriceRule {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private PriceRule() {
    }

    /**
     * Every step of one calculation; {@code price} is what the channel is to show, {@code held}
     * says it is under the floor and waits for an operator.
     */
    public record Calculation(BigDecimal sourcePrice, int priceLevel, BigDecimal markupPercent, BigDecimal afterMarkup,
                              BigDecimal addOn, BigDecimal afterAddOn, BigDecimal rate, String currency,
                              BigDecimal converted, String rounding, BigDecimal rounded, BigDecimal minimum,
                              BigDecimal maximum, BigDecimal clamped, BigDecimal floor, boolean held, BigDecimal price) {
    }

    public static Calculation apply(BigDecimal sourceGross, PricingConfig rule) {
        if (sourceGross == null || sourceGross.signum() < 0) {
            throw new IllegalArgumentException("source price must be zero or more: " + sourceGross);
        }
        BigDecimal afterMarkup = sourceGross.multiply(BigDecimal.ONE.add(rule.markupPercent().divide(HUNDRED)));
        BigDecimal afterAddOn = afterMarkup.add(rule.addOn());
        BigDecimal converted = afterAddOn.multiply(rule.rate()).setScale(2, RoundingMode.HALF_UP).max(BigDecimal.ZERO.setScale(2));
        BigDecimal rounded = round(converted, rule.rounding());
        BigDecimal clamped = rounded;
        if (rule.minimum() != null && clamped.compareTo(rule.minimum()) < 0) {
            clamped = rule.minimum().setScale(2, RoundingMode.HALF_UP);
        }
        if (rule.maximum() != null && clamped.compareTo(rule.maximum()) > 0) {
            clamped = rule.maximum().setScale(2, RoundingMode.HALF_UP);
        }
        boolean held = rule.floor() != null && clamped.compareTo(rule.floor()) < 0;
        return new Calculation(sourceGross, rule.priceLevel(), rule.markupPercent(), afterMarkup, rule.addOn(), afterAddOn,
                rule.rate(), rule.currency(), converted, rule.rounding(), rounded, rule.minimum(), rule.maximum(), clamped,
                rule.floor(), held, clamped);
    }

    /**
     * Up to the next price ending in {@code .99} or {@code .90} (a price already ending so stays):
     * 12.40 → 12.99 or 12.90, 12.95 → 12.99 or 13.90. Up, never down, so the markup is never cut.
     */
    static BigDecimal round(BigDecimal price, String rounding) {
        BigDecimal cents = switch (rounding) {
            case ".99" -> new BigDecimal("0.99");
            case ".90" -> new BigDecimal("0.90");
            default -> null;
        };
        if (cents == null) {
            return price.setScale(2, RoundingMode.HALF_UP);
        }
        BigDecimal candidate = price.setScale(0, RoundingMode.FLOOR).add(cents);
        if (candidate.compareTo(price) < 0) {
            candidate = candidate.add(BigDecimal.ONE);
        }
        return candidate.setScale(2, RoundingMode.UNNECESSARY);
    }
}
