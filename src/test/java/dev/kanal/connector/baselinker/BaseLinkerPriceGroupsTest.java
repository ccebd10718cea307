package dev.kanal.connector.baselinker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.baselinker.BaseLinkerPriceGroups.PriceGroup;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The check Kanal makes of a BaseLinker price group before writing prices into it, and how often it reads the groups. */
class BaseLinkerPriceGroupsTest {

    private static final PriceGroup DEFAULT = new PriceGroup(105, "Default", "PLN", true, "standard", 0);
    private static final PriceGroup MARKETPLACES = new PriceGroup(106, "Marketplaces", "PLN", false, "standard", 0);
    private static final PriceGroup EURO = new PriceGroup(108, "Euro", "EUR", false, "standard", 0);
    private static final PriceGroup ALLEGRO = new PriceGroup(107, "Allegro +8%", "PLN", false, "dependent_on_price_group", 105);
    private static final PriceGroup AVERAGE = new PriceGroup(109, "Cost", "PLN", false, "dependent_on_average_cost", 0);
    private static final List<PriceGroup> GROUPS = List.of(DEFAULT, MARKETPLACES, ALLEGRO, EURO, AVERAGE);

    @Test
    void aStandardGroupInThePricesCurrencyTakesThem() {
        assertThat(BaseLinkerPriceGroups.check(GROUPS, 106, Set.of("PLN"), "acme/bl")).isNull();
        assertThat(BaseLinkerPriceGroups.check(GROUPS, 108, Set.of("EUR"), "acme/bl")).isNull();
        assertThat(BaseLinkerPriceGroups.check(GROUPS, 106, Set.of("pln"), "acme/bl")).as("codes compared in capitals").isNull();
        assertThat(BaseLinkerPriceGroups.check(GROUPS, 106, Set.of(), "acme/bl")).as("prices without a currency: not compared")
                .isNull();
    }

    @Test
    void aMissingGroupNamesTheGroupsTheAccountHas() {
        assertThat(BaseLinkerPriceGroups.check(GROUPS, 999, Set.of("PLN"), "acme/bl"))
                .contains("acme/bl has no price group 999", "105 (Default, PLN, default)", "108 (Euro, EUR)");
        assertThat(BaseLinkerPriceGroups.check(List.of(), 106, Set.of("PLN"), "acme/bl")).contains("its groups: none");
    }

    @Test
    void aGroupInAnotherCurrencyNamesBothAndHowToFixIt() {
        assertThat(BaseLinkerPriceGroups.check(GROUPS, 108, Set.of("PLN"), "acme/bl"))
                .contains("108 (Euro, EUR)", "is in EUR", "prices in PLN", "a group in PLN", "the rule's currency (and rate) to EUR");
        assertThat(BaseLinkerPriceGroups.check(GROUPS, 106, Set.of("PLN", "EUR"), "acme/bl"))
                .as("one price in another currency is enough").contains("prices in EUR");
    }

    @Test
    void aGroupBaseLinkerCalculatesItselfTakesNoPrices() {
        assertThat(BaseLinkerPriceGroups.check(GROUPS, 107, Set.of("PLN"), "acme/bl"))
                .contains("dependent_on_price_group", "not a standard group", "from group 105");
        assertThat(BaseLinkerPriceGroups.check(GROUPS, 109, Set.of("PLN"), "acme/bl")).contains("dependent_on_average_cost");
    }

    @Test
    void baseLinkersAnswerIsReadAsDocumentedAndAnAnswerWithoutTypesMeansStandardGroups() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<PriceGroup> read = BaseLinkerPriceGroups.parse(json.readTree("""
                {"status":"SUCCESS","price_groups":[
                  {"price_group_id":105,"name":"Default","description":"","currency":"PLN","is_default":true,
                   "price_group_type":"standard","source_price_group_id":0,"price_multiplier":1,"price_addition":0,
                   "is_bundle_price_calculated":false,"bundle_price_multiplier":1,"bundle_price_addition":0},
                  {"price_group_id":107,"name":"Allegro","description":"","currency":"PLN","is_default":false,
                   "price_group_type":"dependent_on_price_group","source_price_group_id":105,"price_multiplier":1.08,
                   "price_addition":0},
                  {"price_group_id":108,"name":"Euro","description":"","currency":"eur","is_default":false},
                  {"name":"no id"}]}"""));
        assertThat(read).containsExactly(DEFAULT, new PriceGroup(107, "Allegro", "PLN", false, "dependent_on_price_group", 105),
                new PriceGroup(108, "Euro", "EUR", false, "standard", 0));
    }

    @Test
    void theGroupsAreReadOnceInTenMinutesAndSoonerAgainAfterTheyWithheldPricesOrBaseLinkerRefusedAWrite() {
        MutableClock clock = new MutableClock();
        List<List<PriceGroup>> answers = new ArrayList<>(List.of(GROUPS, GROUPS, List.of(DEFAULT, MARKETPLACES, EURO), GROUPS));
        int[] reads = {0};
        BaseLinkerPriceGroups groups = new BaseLinkerPriceGroups(c -> answers.get(reads[0]++), clock, Duration.ofMinutes(10),
                Duration.ofMinutes(1));
        ChannelConnection account = new ChannelConnection("acme/bl", URI.create("http://bl.test/connector.php"),
                Map.of("token", "t"), 100);

        assertThat(groups.problem(account, 106, Set.of("PLN"))).isNull();
        clock.advance(Duration.ofMinutes(9));
        assertThat(groups.problem(account, 106, Set.of("PLN"))).isNull();
        assertThat(groups.problem(account, 108, Set.of("PLN"))).as("a file fix or mistake is seen at once, from the kept list")
                .contains("is in EUR");
        assertThat(reads[0]).as("one read in ten minutes").isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        assertThat(groups.problem(account, 106, Set.of("PLN"))).isNull();
        assertThat(reads[0]).as("after ten minutes the groups are read again").isEqualTo(2);

        // a list that withheld prices is kept one minute only
        assertThat(groups.problem(account, 107, Set.of("PLN"))).contains("not a standard group");
        clock.advance(Duration.ofSeconds(30));
        assertThat(groups.problem(account, 107, Set.of("PLN"))).contains("not a standard group");
        assertThat(reads[0]).isEqualTo(2);
        clock.advance(Duration.ofSeconds(31));
        assertThat(groups.problem(account, 107, Set.of("PLN"))).as("107 is gone now").contains("has no price group 107");
        assertThat(reads[0]).isEqualTo(3);

        groups.forget(account); // BaseLinker refused a price call as a whole
        assertThat(groups.problem(account, 107, Set.of("PLN"))).contains("not a standard group");
        assertThat(reads[0]).isEqualTo(4);
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-03-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
