package dev.kanal.connector.backmarket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.connector.ChannelOrderCanceller.CancellationRefusedException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which new_state each SKU gets, from the line states Back Market shows: the rules without HTTP. */
class BackMarketOrderCancellerPlanTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode order(String... skuStates) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < skuStates.length; i++) {
            String[] parts = skuStates[i].split("=");
            lines.append(i == 0 ? "" : ",").append("{\"id\":").append(i + 1).append(",\"listing\":\"").append(parts[0])
                    .append("\",\"state\":").append(parts[1]).append("}");
        }
        return JSON.readTree("{\"order_id\":7,\"orderlines\":[" + lines + "]}");
    }

    @Test
    void aPaidLineIsRefusedAnAcceptedOneRefundedAndACancelledOneLeftAlone() throws Exception {
        Map<String, Integer> plan = BackMarketOrderCanceller.plan(order("A=1", "B=2", "C=4", "D=5"),
                new LinkedHashSet<>(List.of("A", "B", "C", "D")), "7");
        assertThat(plan).containsEntry("A", 4).containsEntry("B", 5).containsEntry("C", null).containsEntry("D", null);
    }

    @Test
    void aShippedLineOrOneTheSellerCannotMoveRefusesTheWholeCancellation() throws Exception {
        assertThatThrownBy(() -> BackMarketOrderCanceller.plan(order("A=1", "B=3"), new LinkedHashSet<>(List.of("A", "B")), "7"))
                .isInstanceOf(CancellationRefusedException.class).hasMessageContaining("state 3").hasMessageContaining("return");
        assertThatThrownBy(() -> BackMarketOrderCanceller.plan(order("A=8"), new LinkedHashSet<>(List.of("A")), "7"))
                .isInstanceOf(CancellationRefusedException.class).hasMessageContaining("state 8");
        assertThatThrownBy(() -> BackMarketOrderCanceller.plan(order("A=1", "A=2"), new LinkedHashSet<>(List.of("A")), "7"))
                .isInstanceOf(CancellationRefusedException.class).hasMessageContaining("both paid and accepted");
    }
}
