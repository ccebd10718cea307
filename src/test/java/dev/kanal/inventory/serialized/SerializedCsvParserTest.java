package dev.kanal.inventory.serialized;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.inventory.serialized.SerializedCsvParser.ParsedCsv;
import java.util.List;
import org.junit.jupiter.api.Test;

class SerializedCsvParserTest {

    private final SerializedCsvParser parser = new SerializedCsvParser();

    @Test
    void readsNamedColumnsInAnyOrderAndCase() {
        ParsedCsv csv = parser.parse("""
                Warehouse,SKU,Inventory Status,Grade,IMEI,Product-Code,product_name,conditions,notes
                main,IP8P-64-B,available,B,490154203237518,IP8P-64,iPhone 8 Plus 64 GB,cracked glass|battery < 80%,hello
                """);

        assertThat(csv.problems()).isEmpty();
        assertThat(csv.ignoredColumns()).containsExactly("notes");
        assertThat(csv.rows()).containsExactly(new SerializedItemRow(2, "490154203237518", null, "IP8P-64",
                "iPhone 8 Plus 64 GB", "IP8P-64-B", "B", java.util.Set.of("cracked glass", "battery < 80%"),
                "main", "available"));
    }

    @Test
    void conditionsSplitOnPipeOrSemicolonTrimmedWithoutBlanks() {
        assertThat(SerializedCsvParser.conditions(" cracked glass | dent;;scratched back ; "))
                .containsExactly("cracked glass", "dent", "scratched back");
        assertThat(SerializedCsvParser.conditions("")).isEmpty();
        assertThat(SerializedCsvParser.conditions(null)).isEmpty();
    }

    @Test
    void quotedValuesHoldDelimitersQuotesAndLineBreaks() {
        ParsedCsv csv = parser.parse("serial,product,product_name,sku,grade,conditions,warehouse,status\r\n"
                + "SN1,P1,\"Phone, 6.1\"\" \"\"Pro\"\"\",S1,A,\"a|b\",main,available\r\n"
                + "SN2,P1,\"two\r\nlines\",S1,A,,main,available\r\n"
                + "SN3,P1,\"\",S1,A,,main,available\r\n");

        assertThat(csv.problems()).isEmpty();
        assertThat(csv.rows()).extracting(SerializedItemRow::line).containsExactly(2, 3, 5);
        assertThat(csv.rows().get(0).productName()).isEqualTo("Phone, 6.1\" \"Pro\"");
        assertThat(csv.rows().get(0).conditions()).containsExactly("a", "b");
        assertThat(csv.rows().get(1).productName()).isEqualTo("two\r\nlines");
        assertThat(csv.rows().get(2).productName()).isEmpty();
    }

    @Test
    void semicolonFilesFromSpreadsheetsAndAByteOrderMark() {
        ParsedCsv csv = parser.parse("\uFEFFserial;product;sku;grade;conditions;warehouse;status\n"
                + "SN1;P1;S1;C;\"dent;scratch\";main;repair\n");

        assertThat(csv.problems()).isEmpty();
        assertThat(csv.rows()).singleElement().satisfies(row -> {
            assertThat(row.serial()).isEqualTo("SN1");
            assertThat(row.conditions()).containsExactly("dent", "scratch");
            assertThat(row.inventoryStatus()).isEqualTo("repair");
        });
    }

    @Test
    void badRecordsAreProblemsAndTheRestIsStillRead() {
        ParsedCsv csv = parser.parse("""
                serial,product,sku,grade,warehouse,status

                SN1,P1,S1,A,main,available
                SN2,P1,S1,A,main
                "SN3"x,P1,S1,A,main,available
                SN4,P1,S1,A,main,available,extra
                SN5,P1,S1,A,main,available
                """);

        assertThat(csv.rows()).extracting(SerializedItemRow::serial).containsExactly("SN1", "SN5");
        assertThat(csv.rows()).extracting(SerializedItemRow::line).containsExactly(3, 7);
        assertThat(csv.problems()).extracting(RowProblem::line).containsExactly(4, 5, 6);
        assertThat(csv.problems().get(0)).isEqualTo(new RowProblem(4, "SN2", "has 5 values, the header has 6"));
        assertThat(csv.problems().get(1).reason()).startsWith("text after the closing quote of value 1");
        assertThat(csv.problems().get(2).reason()).isEqualTo("has 7 values, the header has 6");
    }

    @Test
    void optionalColumnsMayBeLeftOut() {
        SerializedItemRow row = parser.parse("serial,product_code,sku,grade,warehouse,inventory_status\nSN1,P1,S1,A,w,s")
                .rows().get(0);
        assertThat(row.kind()).isNull();
        assertThat(row.productName()).isNull();
        assertThat(row.conditions()).isEmpty();
    }

    @Test
    void aFileWithoutItsRequiredColumnsIsUnreadable() {
        assertThatThrownBy(() -> parser.parse("serial,sku,grade\nSN1,S1,A\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("line 1: missing column(s) product_code, warehouse, inventory_status");
        assertThatThrownBy(() -> parser.parse("\n\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("no header line");
        assertThatThrownBy(() -> parser.parse("serial,imei,product,sku,grade,warehouse,status\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("columns 'serial' and 'imei' both give serial");
    }

    @Test
    void aQuoteNeverClosedIsUnreadableAndNamesItsLine() {
        assertThatThrownBy(() -> parser.parse("serial,product,sku,grade,warehouse,status\nSN1,P1,S1,A,main,available\n"
                + "SN2,\"P1,S1,A,main,available\nSN3,P1,S1,A,main,available\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessage("line 3: a quoted value starting on this line is never closed")
                .extracting(e -> ((CsvFormatException) e).line()).isEqualTo(3);
    }

    @Test
    void headerOnlyGivesNoRows() {
        ParsedCsv csv = parser.parse("serial,product,sku,grade,warehouse,status");
        assertThat(csv.rows()).isEmpty();
        assertThat(csv.problems()).isEmpty();
        assertThat(List.of(SerializedCsvParser.delimiterOf("a;b;c,d"), SerializedCsvParser.delimiterOf("a\tb\tc"),
                SerializedCsvParser.delimiterOf("\"x;y;z\",b"))).containsExactly(';', '\t', ',');
    }
}
