package dev.kanal.pricing;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.offers.OfferPrices;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The price a product goes out at on an account: the account's price rule over the SKU's source
 * price at the rule's level, as the price writer would push it. None when the account has no rule,
 * the source has no price at that level, or the result is under the floor (held for an operator,
 * so never sent, not even with a new product). A source shop's one price, its regular price, is
 * its level 1: stored by its poll and webhooks (decision 0046), and, for a product offered before
 * Kanal stored its price, taken from the product card.
 */
public class RuleOfferPrices implements OfferPrices {

    private final JdbcTemplate jdbc;
    private final ClientRegistry clients;

    public RuleOfferPrices(JdbcTemplate jdbc, ClientRegistry clients) {
        this.jdbc = jdbc;
        this.clients = clients;
    }

    @Override
    public Optional<BigDecimal> price(String client, String account, String sku) {
        return price(client, account, sku, null);
    }

    @Override
    public Optional<BigDecimal> price(String client, String account, String sku, BigDecimal cardPrice) {
        ChannelAccountConfig config = clients.account(client, account);
        if (config.pricing() == null) {
            return Optional.empty();
        }
        List<BigDecimal> gross = jdbc.queryForList("""
                SELECT p.gross FROM source_price p JOIN sku k ON k.id = p.sku_id JOIN client c ON c.id = k.client_id
                 WHERE c.code = ? AND k.code = ? AND p.price_level = ? AND p.gross IS NOT NULL""",
                BigDecimal.class, client, sku, config.pricing().priceLevel());
        BigDecimal start = !gross.isEmpty() ? gross.get(0)
                : config.pricing().priceLevel() == 1 && cardPrice != null && cardPrice.signum() > 0 ? cardPrice : null;
        if (start == null) {
            return Optional.empty();
        }
        PriceRule.Calculation calculation = PriceRule.apply(start, config.pricing());
        return calculation.held() ? Optional.empty() : Optional.of(calculation.price());
    }
}
