package dev.kanal.connector.subiekt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The allocation-free fingerprint comparison agrees with the fingerprint text, whatever is stored. */
class SourceStockRowTest {

    @Test
    void aRowHasItsOwnFingerprint() {
        for (SourceStockRow row : List.of(row(5, 1, false), row(0, 0, false), row(12, 0, true), row(-3, 2, false),
                row(Long.MAX_VALUE, Long.MIN_VALUE, true), row(1_000_000, 999_999, false))) {
            assertThat(row.hasFingerprint(row.fingerprint())).as(row.fingerprint()).isTrue();
        }
    }

    @Test
    void anyOtherTextIsNotItsFingerprint() {
        SourceStockRow row = row(5, 1, false);
        for (String other : new String[] {"5/2", "6/1", "5/1/x", "5/10", "51/1", "05/1", "5/01", "5/-1", "-5/1", "5/1/", "5/1 ", "5",
                "5/", "/1", "", "gone", "5//1", "-0/1", "5/1x"}) {
            assertThat(row.hasFingerprint(other)).as(other).isFalse();
        }
        assertThat(row.hasFingerprint(null)).isFalse();
        assertThat(row(5, 1, true).hasFingerprint("5/1")).isFalse();
        assertThat(row(0, 0, false).hasFingerprint("-0/0")).isFalse();
    }

    @Test
    void agreesWithComparingTheTextOnRandomRows() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            SourceStockRow row = row(random.nextInt(2000) - 100, random.nextInt(50), random.nextInt(10) == 0);
            SourceStockRow stored = random.nextBoolean() ? row
                    : row(row.onHand() + random.nextInt(3) - 1, row.reserved() + random.nextInt(3) - 1, random.nextInt(10) == 0);
            String text = stored.fingerprint();
            assertThat(row.hasFingerprint(text)).as("%s against %s", row, text).isEqualTo(row.fingerprint().equals(text));
        }
    }

    private static SourceStockRow row(long onHand, long reserved, boolean withdrawn) {
        return new SourceStockRow("A", "MAG", onHand, reserved, withdrawn);
    }
}
