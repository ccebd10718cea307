package dev.kanal.inventory.serialized;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RowChecksTest {

    private static final String IMEI = ImeiTest.withCheckDigit("35209900176148");

    private static SerializedItemRow row(String serial, String kind) {
        return new SerializedItemRow(2, serial, kind, "P1", null, "S1", "A", Set.of("dent"), "main", "available");
    }

    @Test
    void aCompleteRowWithAValidImeiOrASerialPasses() {
        assertThat(RowChecks.problems(row(IMEI, null))).isEmpty();
        assertThat(RowChecks.problems(row(IMEI, "imei"))).isEmpty();
        assertThat(RowChecks.problems(row("F2LXK0A1HFY7", null))).isEmpty();
    }

    @Test
    void fifteenDigitsFailingLuhnIsABadImeiUnlessTheRowSaysSerial() {
        String typo = IMEI.substring(0, 14) + (char) ('0' + (IMEI.charAt(14) - '0' + 1) % 10);
        assertThat(RowChecks.problems(row(typo, null)))
                .containsExactly("IMEI '" + typo + "' fails the Luhn check (a digit is mistyped)");
        assertThat(RowChecks.problems(row(typo, "serial"))).isEmpty();
        assertThat(RowChecks.problems(row("F2LXK0A1HFY7", "imei"))).containsExactly("IMEI 'F2LXK0A1HFY7' is not 15 digits");
        assertThat(RowChecks.problems(row(IMEI, "meid"))).containsExactly("kind 'meid' is neither imei nor serial");
    }

    @Test
    void everyMissingOrOversizedValueIsNamed() {
        var empty = new SerializedItemRow(7, " ", null, "", null, null, "", Set.of(), null, "");
        assertThat(RowChecks.problems(empty)).containsExactly("serial is missing", "product code is missing",
                "SKU is missing", "grade is missing", "warehouse is missing", "inventory status is missing");

        var tooLong = new SerializedItemRow(8, "X".repeat(65), null, "P", "N".repeat(256), "S", "G".repeat(33),
                Set.of("a,b"), "w", "s");
        assertThat(RowChecks.problems(tooLong)).containsExactly("serial is longer than 64 characters",
                "product name is longer than 255 characters", "grade is longer than 32 characters",
                "conditions cannot be stored: condition must not contain ',': a,b");
        assertThat(RowChecks.problems(row("SN 1", null))).containsExactly("serial contains a space or control character");
    }
}
