package dev.kanal.inventory.serialized;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImeiTest {

    /**
     * An independent Luhn check over the whole number, written differently from {@link Imei}:
     * from the left, doubling the digits at odd positions of a 15-digit number, then sum % 10.
     */
    static boolean luhnValid(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(i) - '0';
            boolean doubled = (digits.length() - i) % 2 == 0;
            int v = doubled ? d * 2 : d;
            sum += v / 10 + v % 10;
        }
        return sum % 10 == 0;
    }

    /** The one digit 0-9 that makes payload + digit pass {@link #luhnValid}. */
    static String withCheckDigit(String payload) {
        List<String> valid = java.util.stream.IntStream.rangeClosed(0, 9)
                .mapToObj(d -> payload + d)
                .filter(ImeiTest::luhnValid)
                .toList();
        assertThat(valid).as("exactly one check digit for " + payload).hasSize(1);
        return valid.get(0);
    }

    private static final List<String> PAYLOADS = List.of(
            "49015420323751", // the GSMA/Wikipedia example TAC+serial
            "35209900176148",
            "35693803564380",
            "01234567890123",
            "99000000000000",
            "00000000000000");

    @Test
    void acceptsImeisWithTheirLuhnCheckDigit() {
        for (String payload : PAYLOADS) {
            String imei = withCheckDigit(payload);
            assertThat(Imei.isValid(imei)).as(imei).isTrue();
            assertThat(Imei.checkDigit(payload)).as(payload).isEqualTo(imei.charAt(14) - '0');
        }
        // the published example, recomputed above rather than trusted
        assertThat(withCheckDigit("49015420323751")).isEqualTo("490154203237518");
    }

    @Test
    void rejectsEveryOtherCheckDigit() {
        for (String payload : PAYLOADS) {
            String valid = withCheckDigit(payload);
            for (char d = '0'; d <= '9'; d++) {
                String candidate = payload + d;
                assertThat(Imei.isValid(candidate)).as(candidate).isEqualTo(candidate.equals(valid));
            }
        }
    }

    @Test
    void rejectsASingleMistypedDigitAndSwappedNeighbours() {
        String valid = withCheckDigit("35209900176148");
        for (int i = 0; i < 14; i++) {
            char[] typo = valid.toCharArray();
            typo[i] = (char) ('0' + (typo[i] - '0' + 1) % 10);
            assertThat(Imei.isValid(new String(typo))).as("digit %d mistyped: %s", i, new String(typo)).isFalse();
        }
        // Luhn catches most adjacent swaps (not 0<->9): 2,0 -> 0,2
        String swapped = valid.substring(0, 2) + valid.charAt(3) + valid.charAt(2) + valid.substring(4);
        assertThat(swapped).isNotEqualTo(valid);
        assertThat(Imei.isValid(swapped)).isFalse();
    }

    @Test
    void anImeiHasExactlyFifteenAsciiDigits() {
        String valid = withCheckDigit("35209900176148");
        assertThat(Imei.hasImeiShape(valid)).isTrue();
        assertThat(Imei.isValid(valid.substring(1))).as("14 digits").isFalse();
        assertThat(Imei.isValid(valid + "0")).as("16 digits").isFalse();
        assertThat(Imei.hasImeiShape("35209900176148X")).isFalse();
        assertThat(Imei.hasImeiShape("３５２０９９００１７６１４８１")).as("full-width digits").isFalse();
        assertThat(Imei.isValid(null)).isFalse();
        assertThat(Imei.isValid("")).isFalse();
    }

    @Test
    void checkDigitNeedsDigits() {
        assertThatThrownBy(() -> Imei.checkDigit("12a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Imei.checkDigit("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fifteenDigitsMeansImeiUnlessTheRowSaysSerial() {
        assertThat(SerialKind.of(withCheckDigit("35209900176148"))).isEqualTo(SerialKind.IMEI);
        assertThat(SerialKind.of("352099001761480")).as("shape, not validity, decides").isEqualTo(SerialKind.IMEI);
        assertThat(SerialKind.of("F2LXK0A1HFY7")).isEqualTo(SerialKind.SERIAL);
        assertThat(SerialKind.of("1234567890")).isEqualTo(SerialKind.SERIAL);
        assertThat(SerialKind.parse(" IMEI ")).contains(SerialKind.IMEI);
        assertThat(SerialKind.parse("Serial")).contains(SerialKind.SERIAL);
        assertThat(SerialKind.parse("meid")).isEmpty();
    }
}
