package dev.kanal.connector.backmarket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.QuantityUpdate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog Kanal writes and how a finished task's report becomes results, without HTTP. */
class CatalogTaskTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesOneSkuQuantityLinePerUpdateQuotingOnlyWhenNeeded() {
        String csv = CatalogTask.csv(List.of(
                new QuantityUpdate("a", 3, "IP8-64"),
                new QuantityUpdate("b", 0, "IP8,64 \"rose\""),
                new QuantityUpdate("c", 12, " padded")));

        assertThat(csv).isEqualTo("sku,quantity\nIP8-64,3\n\"IP8,64 \"\"rose\"\"\",0\n\" padded\",12\n");
    }

    @Test
    void anOfferLineMatchesByEanWithoutProductColumns() throws Exception {
        String csv = CatalogTask.offerCsv("IP8,RG", "5901234123457", new java.math.BigDecimal("129.5"));

        assertThat(csv).isEqualTo("sku,ean,quantity,price\n\"IP8,RG\",5901234123457,0,129.50\n");
        JsonNode task = JSON.readTree("""
                {"result":{"report":[{"line":2,"sku":"ip8,rg","status":"ERROR","message":"No product matches ean"}]}}""");
        assertThat(CatalogTask.reportLine(task, "IP8,RG").path("status").asText()).isEqualTo("ERROR");
        assertThat(CatalogTask.reportLine(task, "OTHER")).isNull();
    }

    @Test
    void mapsTheReportToResultsInInputOrderMatchingSkusWithoutCase() throws Exception {
        JsonNode task = JSON.readTree("""
                {"task_id":7,"action_status":9,"last_action_error":null,"result":{"report":[
                  {"line":3,"sku":"B-2","status":"ERROR","message":"No listing with sku B-2"},
                  {"line":2,"sku":"a-1","status":"OK"},
                  {"line":4,"sku":"C-3","status":"OK"}]}}""");
        List<QuantityUpdate> updates = List.of(new QuantityUpdate("id-a", 1, "A-1"), new QuantityUpdate("id-b", 2, "B-2"),
                new QuantityUpdate("id-c", 3, "c-3"));

        Instant posted = Instant.parse("2026-12-02T10:00:00Z");
        List<PushResult> results = CatalogTask.results(7, task, updates, posted);

        assertThat(results).extracting(PushResult::channelListingId).containsExactly("id-a", "id-b", "id-c");
        assertThat(results).extracting(PushResult::accepted).containsExactly(true, false, true);
        assertThat(results.get(0).calledAt()).as("sent with the task's POST").isEqualTo(posted);
        assertThat(results.get(1).error()).isEqualTo("task 7 line 3: No listing with sku B-2");
        assertThat(results.get(2).quantity()).isEqualTo(3);
    }

    @Test
    void stopsAtTheFirstUpdateTheReportDoesNotConfirm() throws Exception {
        JsonNode task = JSON.readTree("""
                {"task_id":8,"action_status":9,"result":{"report":[
                  {"sku":"A-1","status":"OK"},{"sku":"C-3","status":"OK"},{"sku":"D-4","status":"SOMETHING"}]}}""");
        List<QuantityUpdate> updates = List.of(new QuantityUpdate("a", 1, "A-1"), new QuantityUpdate("b", 2, "B-2"),
                new QuantityUpdate("c", 3, "C-3"));

        assertThat(CatalogTask.results(8, task, updates, Instant.EPOCH)).extracting(PushResult::channelListingId).containsExactly("a");
        assertThat(CatalogTask.results(8, JSON.readTree("{\"action_status\":9,\"result\":{}}"), updates, Instant.EPOCH)).isEmpty();
        assertThat(CatalogTask.results(8, task, List.of(new QuantityUpdate("d", 4, "D-4")), Instant.EPOCH)).as("unknown status").isEmpty();
    }

    @Test
    void onlyToDoAndInProgressArePending() {
        assertThat(CatalogTask.pending(0)).isTrue();
        assertThat(CatalogTask.pending(2)).isTrue();
        assertThat(CatalogTask.pending(8)).isFalse();
        assertThat(CatalogTask.pending(9)).isFalse();
        assertThat(CatalogTask.pending(7)).isFalse();
    }
}
