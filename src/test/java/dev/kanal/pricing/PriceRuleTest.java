package dev.kanal.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.client.config.PricingConfig;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The price rule, step by step, without a database (docs/decisions/0039). */
class PriceRuleTest {

    private static PricingConfig rule(String markup, String addOn, String rate, String rounding, String min, String max, String floor) {
        return new PricingConfig(1, dec(markup), dec(addOn), "EUR", dec(rate), rounding, dec(min), dec(max), dec(floor));
    }

    private static BigDecimal dec(String text) {
        return text == null ? null : new BigDecimal(text);
    }

    @Test
    void markupThenAddOnThenConversionToTheCent() {
        PriceRule.Calculation c = PriceRule.apply(new BigDecimal("100.00"), rule("10", "5", "0.25", "none", null, null, null));

        assertThat(c.afterMarkup()).isEqualByComparingTo("110");
        assertThat(c.afterAddOn()).isEqualByComparingTo("115");
        assertThat(c.converted()).isEqualByComparingTo("28.75");
        assertThat(c.price()).isEqualByComparingTo("28.75");
        assertThat(c.held()).isFalse();
    }

    @Test
    void amountsAreRoundedToTheCentOnceAfterTheConversion() {
        // 1.0045 x 10 = 10.045 -> 10.05; rounding after the markup step too would give 1.00 x 10 = 10.00
        PriceRule.Calculation c = PriceRule.apply(new BigDecimal("1.0045"), rule("0", "0", "10", "none", null, null, null));
        assertThat(c.price()).isEqualByComparingTo("10.05");
    }

    @Test
    void roundingGoesUpToTheNextEnding() {
        assertThat(PriceRule.round(new BigDecimal("12.40"), ".99")).isEqualByComparingTo("12.99");
        assertThat(PriceRule.round(new BigDecimal("12.99"), ".99")).isEqualByComparingTo("12.99");
        assertThat(PriceRule.round(new BigDecimal("13.00"), ".99")).isEqualByComparingTo("13.99");
        assertThat(PriceRule.round(new BigDecimal("12.40"), ".90")).isEqualByComparingTo("12.90");
        assertThat(PriceRule.round(new BigDecimal("12.95"), ".90")).isEqualByComparingTo("13.90");
        assertThat(PriceRule.round(new BigDecimal("12.345"), "none")).isEqualByComparingTo("12.35");
    }

    @Test
    void minimumAndMaximumClampAfterRounding() {
        assertThat(PriceRule.apply(new BigDecimal("5"), rule("0", "0", "1", ".99", "9.50", null, null)).price())
                .isEqualByComparingTo("9.50");
        PriceRule.Calculation capped = PriceRule.apply(new BigDecimal("500"), rule("0", "0", "1", ".99", null, "399", null));
        assertThat(capped.rounded()).isEqualByComparingTo("500.99");
        assertThat(capped.price()).isEqualByComparingTo("399.00");
    }

    @Test
    void aResultUnderTheFloorIsHeldAtOrAboveItIsNot() {
        PriceRule.Calculation held = PriceRule.apply(new BigDecimal("40"), rule("0", "0", "1", "none", null, null, "50"));
        assertThat(held.held()).isTrue();
        assertThat(held.price()).as("the held price is still the calculated one").isEqualByComparingTo("40.00");
        assertThat(PriceRule.apply(new BigDecimal("50"), rule("0", "0", "1", "none", null, null, "50")).held()).isFalse();
        // the floor is checked after the minimum: a minimum at or above it means nothing is held
        assertThat(PriceRule.apply(new BigDecimal("10"), rule("0", "0", "1", "none", "60", null, "50")).held()).isFalse();
    }

    @Test
    void aDiscountNeverGoesBelowZeroAndANegativeSourceIsRefused() {
        assertThat(PriceRule.apply(new BigDecimal("10"), rule("-50", "-20", "1", "none", null, null, null)).price())
                .isEqualByComparingTo("0.00");
        assertThatThrownBy(() -> PriceRule.apply(new BigDecimal("-1"), rule("0", "0", "1", "none", null, null, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
