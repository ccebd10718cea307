package dev.kanal.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.kanal.client.Client;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VariationConditionsTest {

    @Test
    void sameSetInAnyOrderCaseOrSpacingGivesTheSameString() {
        String a = Variation.normalizeConditions(Set.of("Cracked glass", "battery service", "No box"));
        String b = Variation.normalizeConditions(List.of("  no BOX", "Battery Service ", "cracked glass"));

        assertThat(a).isEqualTo("battery service,cracked glass,no box").isEqualTo(b);
    }

    @Test
    void duplicatesBlanksAndNullsAreDropped() {
        assertThat(Variation.normalizeConditions(Arrays.asList("scratch", "Scratch ", " ", null, "")))
                .isEqualTo("scratch");
    }

    @Test
    void noConditionsIsTheEmptyString() {
        assertThat(Variation.normalizeConditions(Set.of())).isEmpty();
        assertThat(Variation.normalizeConditions(null)).isEmpty();
        assertThat(Variation.normalizeConditions(List.of("  "))).isEmpty();
    }

    @Test
    void aConditionContainingTheSeparatorIsRefused() {
        // it would read back as two conditions
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Variation.normalizeConditions(Set.of("cracked glass, back")));
    }

    @Test
    void aSetTooLongForTheColumnIsRefusedBeforeTheDatabaseSeesIt() {
        List<String> many = List.of("x".repeat(Variation.CONDITIONS_MAX_LENGTH + 1));
        assertThatIllegalArgumentException().isThrownBy(() -> Variation.normalizeConditions(many));
    }

    @Test
    void theStoredStringReadsBackAsTheSortedSet() {
        Client client = new Client("c", "C", true);
        Variation v = new Variation(new Product(client, "P", "Phone", null, null), new Sku(client, "S"), " B ",
                Set.of("No box", "Cracked glass"));

        assertThat(v.getGrade()).isEqualTo("B");
        assertThat(v.getConditionSet()).containsExactly("cracked glass", "no box");
    }
}
