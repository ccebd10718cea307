package dev.kanal.client.config;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;

/**
 * A channel account's price rule (flow 5, prices out): which source price it starts from and how
 * that becomes the price the channel shows. The steps, in order, are those of
 * {@code dev.kanal.pricing.PriceRule}: source gross price of {@code price-level}, plus
 * {@code markup-percent}, plus {@code add-on} (source currency), times {@code rate} (into
 * {@code currency}), rounded up to the next {@code rounding} ending, clamped to
 * {@code minimum}..{@code maximum}; a result under {@code floor} is held for an operator, never sent.
 *
 * @param priceLevel    which of the source's price levels (Subiekt's tc_CenaBrutto1..10) is the start; default 1, the only
 *                      level of a shop source (its regular price)
 * @param markupPercent percent added to the source price (negative: a discount); default 0
 * @param addOn         fixed amount added after the markup, in the source's currency; default 0
 * @param currency      the currency the channel shows prices in (ISO 4217, e.g. EUR); sent with each price
 * @param rate          how many {@code currency} units one source unit is worth; default 1 (same currency)
 * @param rounding      {@code none} (to the cent), {@code .99} or {@code .90}: up to the next price with that ending
 * @param minimum       lowest price ever sent (a lower result is raised to it); null = none
 * @param maximum       highest price ever sent (a higher result is lowered to it); null = none
 * @param floor         a result under it is held for an operator instead of sent; null = none
 */
public record PricingConfig(
        @Min(1) @Max(10) Integer priceLevel,
        @DecimalMin(value = "-100", inclusive = false) BigDecimal markupPercent,
        BigDecimal addOn,
        @NotNull @Pattern(regexp = "^[A-Z]{3}$", message = "must be an ISO 4217 currency code in capitals, e.g. EUR") String currency,
        @DecimalMin(value = "0", inclusive = false) BigDecimal rate,
        @Pattern(regexp = ROUNDING_PATTERN, message = "must be one of: none, .99, .90") String rounding,
        @DecimalMin("0") BigDecimal minimum,
        @DecimalMin("0") BigDecimal maximum,
        @DecimalMin("0") BigDecimal floor) {

    static final String ROUNDING_PATTERN = "^(none|\\.99|\\.90)$";

    public PricingConfig {
        priceLevel = priceLevel == null ? Integer.valueOf(1) : priceLevel;
        markupPercent = markupPercent == null ? BigDecimal.ZERO : markupPercent;
        addOn = addOn == null ? BigDecimal.ZERO : addOn;
        rate = rate == null ? BigDecimal.ONE : rate;
        rounding = rounding == null ? "none" : rounding.trim();
    }
}
