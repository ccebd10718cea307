package dev.kanal.client.config;

import static dev.kanal.client.config.ClientFiles.validWith;
import static dev.kanal.client.config.ClientFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An account's {@code pricing:} block (docs/decisions/0039): read with its defaults, and every mistake named by field. */
class PricingConfigTest {

    private final ClientConfigLoader loader = new ClientConfigLoader(name -> null);

    @TempDir
    Path dir;

    /** The valid file with a pricing block on its WooCommerce account (channel-accounts[0]). */
    private static String withPricing(String... rule) {
        StringBuilder block = new StringBuilder("    webhook-secret: hook-s3cret\n    pricing:");
        for (String line : rule) {
            block.append("\n      ").append(line);
        }
        return validWith("    webhook-secret: hook-s3cret", block.toString());
    }

    @Test
    void aRuleIsReadWithItsDefaultsAndAnAccountWithoutOneGetsNoPrices() {
        ClientConfig client = loader.load(write(dir, "shop.yaml", withPricing("currency: EUR", "markup-percent: 12.5", "rounding: \".99\"", "floor: 20")));

        PricingConfig pricing = client.account("woo").orElseThrow().pricing();
        assertThat(pricing.priceLevel()).isEqualTo(1);
        assertThat(pricing.markupPercent()).isEqualByComparingTo("12.5");
        assertThat(pricing.addOn()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(pricing.rate()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(pricing.rounding()).isEqualTo(".99");
        assertThat(pricing.floor()).isEqualByComparingTo("20");
        assertThat(pricing.minimum()).isNull();
        assertThat(client.account("woo").orElseThrow().pricesPushed()).isTrue();
        assertThat(client.account("allegro").orElseThrow().pricesPushed()).as("no pricing block: no prices").isFalse();
    }

    @Test
    void badRulesAreRefusedWithClearMessages() {
        Path file = write(dir, "shop.yaml", withPricing("price-level: 11", "currency: euro", "rate: 0", "markup-percent: -100", "rounding: \".95\"", "minimum: 50", "maximum: 40", "floor: 45", "add-on: 1.005"));

        ClientConfigException e = catchThrowableOfType(() -> loader.load(file), ClientConfigException.class);

        assertThat(e.problems()).extracting(ClientConfigException.Problem::describe)
                .anySatisfy(p -> assertThat(p).startsWith("channel-accounts[0].pricing.price-level:"))
                .anySatisfy(p -> assertThat(p).startsWith("channel-accounts[0].pricing.currency:").contains("ISO 4217"))
                .anySatisfy(p -> assertThat(p).startsWith("channel-accounts[0].pricing.rate:"))
                .anySatisfy(p -> assertThat(p).startsWith("channel-accounts[0].pricing.markup-percent:"))
                .anySatisfy(p -> assertThat(p).startsWith("channel-accounts[0].pricing.rounding:").contains("none, .99, .90"))
                .anySatisfy(p -> assertThat(p).startsWith("channel-accounts[0].pricing.minimum:").contains("above maximum"))
                .anySatisfy(p -> assertThat(p).startsWith("channel-accounts[0].pricing.floor:").contains("every price would be held"))
                .anySatisfy(p -> assertThat(p).startsWith("channel-accounts[0].pricing.add-on:").contains("two decimals"));
    }

    @Test
    void aRuleNeedsTheCurrencyTheChannelShows() {
        Path file = write(dir, "shop.yaml", withPricing("markup-percent: 10"));

        ClientConfigException e = catchThrowableOfType(() -> loader.load(file), ClientConfigException.class);

        assertThat(e.problems()).extracting(ClientConfigException.Problem::describe)
                .anySatisfy(p -> assertThat(p).startsWith("channel-accounts[0].pricing.currency:"));
    }

    /** The valid file with its BaseLinker account (channel-accounts[1]) made a Walmart one with this pricing block. */
    private static String walmartWithPricing(String rule) {
        return validWith("type: baselinker\n    base-url: https://api.baselinker.com/connector.php\n    credentials:\n"
                + "      token: bl-token-s3cret", "type: walmart\n    base-url: https://marketplace.walmartapis.com\n    credentials:\n"
                + "      client-id: wm-client\n      client-secret: wm-s3cret\n    pricing: " + rule);
    }

    @Test
    void aWalmartAccountTakesARuleInDollars() {
        ClientConfig client = loader.load(write(dir, "shop.yaml", walmartWithPricing("{currency: USD, rate: 0.26, rounding: \".99\"}")));

        assertThat(client.account("allegro").orElseThrow().type()).isEqualTo(ChannelType.WALMART);
        assertThat(client.account("allegro").orElseThrow().pricesPushed()).isTrue();
    }

    @Test
    void aWalmartRuleInACurrencyWalmartDoesNotTakeIsRefused() {
        Path file = write(dir, "shop.yaml", walmartWithPricing("{currency: EUR}"));

        ClientConfigException e = catchThrowableOfType(() -> loader.load(file), ClientConfigException.class);

        assertThat(e.problems()).extracting(ClientConfigException.Problem::describe)
                .anySatisfy(p -> assertThat(p).startsWith("channel-accounts[1].pricing.currency:").contains("USD or CAD", "EUR"))
                .noneSatisfy(p -> assertThat(p).startsWith("channel-accounts[1].pricing:"));
    }

    /** The valid file with a WooCommerce shop as its source (stock on hand in MAG) and a rule on its WooCommerce account. */
    private static String shopSourceWithPricing(String rule) {
        return validWith("""
                source:
                  type: subiekt
                  jdbc-url: jdbc:postgresql://erp.example/erp
                  jdbc-user: erp
                  jdbc-password: erp-password-s3cret
                  gateway-url: http://localhost/gateway
                  api-key: gateway-key-s3cret
                """, """
                source:
                  type: woocommerce
                  base-url: https://source.example/wp-json/wc/v3
                  credentials: {consumer-key: ck_source, consumer-secret: cs_source}
                  warehouse: MAG
                """).replace("    webhook-secret: hook-s3cret\n", "    webhook-secret: hook-s3cret\n    pricing: " + rule + "\n");
    }

    @Test
    void aShopSourcesRuleStartsFromItsOnePriceLevelOneAndAnotherLevelIsRefusedNamingTheField() {
        ClientConfig defaulted = loader.load(write(dir, "shop.yaml", shopSourceWithPricing("{currency: EUR, markup-percent: 10}")));
        ClientConfig levelOne = loader.load(write(dir, "shop.yaml", shopSourceWithPricing("{price-level: 1, currency: EUR}")));
        ClientConfigException levelTwo = catchThrowableOfType(() -> loader.load(write(dir, "shop.yaml",
                shopSourceWithPricing("{price-level: 2, currency: EUR}"))), ClientConfigException.class);

        assertThat(defaulted.account("woo").orElseThrow().pricing().priceLevel()).isEqualTo(1);
        assertThat(levelOne.account("woo").orElseThrow().pricesPushed()).isTrue();
        assertThat(levelTwo.problems()).extracting(ClientConfigException.Problem::describe).singleElement().satisfies(p -> assertThat(p)
                .startsWith("channel-accounts[0].pricing.price-level:").contains("woocommerce", "regular price", "level 1", "level 2"));
    }

    @Test
    void aBaseLinkerRuleNamesThePriceGroupItsPricesAreWrittenTo() {
        String withRule = "token: bl-token-s3cret\n    pricing: {currency: PLN, markup-percent: 20}";

        ClientConfigException missing = catchThrowableOfType(() -> loader.load(write(dir, "shop.yaml",
                validWith("token: bl-token-s3cret", withRule))), ClientConfigException.class);
        ClientConfigException notANumber = catchThrowableOfType(() -> loader.load(write(dir, "shop.yaml",
                validWith("token: bl-token-s3cret", withRule + "\n    settings: {price-group: retail}"))), ClientConfigException.class);
        ClientConfig client = loader.load(write(dir, "shop.yaml",
                validWith("token: bl-token-s3cret", withRule + "\n    settings: {price-group: 106}")));

        assertThat(missing.problems()).extracting(ClientConfigException.Problem::describe).singleElement().satisfies(p -> assertThat(p)
                .startsWith("channel-accounts[1].settings.price-group:").contains("required", "pricing block", "price group"));
        assertThat(notANumber.problems()).extracting(ClientConfigException.Problem::describe).singleElement().satisfies(p -> assertThat(p)
                .startsWith("channel-accounts[1].settings.price-group:").contains("'retail'"));
        ChannelAccountConfig allegro = client.account("allegro").orElseThrow();
        assertThat(allegro.pricesPushed()).isTrue();
        assertThat(allegro.setting("price-group")).contains("106");
    }
}
