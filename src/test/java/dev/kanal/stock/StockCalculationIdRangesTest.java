package dev.kanal.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StockCalculationIdRangesTest {

    @Test
    void consecutiveIdsCollapseIntoRangesAndGapsStayOutOfThem() {
        List<Object[]> ranges = StockCalculation.idRanges(List.of(1L, 2L, 3L, 5L, 6L, 9L, 200L, 201L));

        assertThat(ranges).extracting(r -> r[0] + ".." + r[1]).containsExactly("1..3", "5..6", "9..9", "200..201");
    }

    @Test
    void noIdsNoRanges() {
        assertThat(StockCalculation.idRanges(List.of())).isEmpty();
    }
}
