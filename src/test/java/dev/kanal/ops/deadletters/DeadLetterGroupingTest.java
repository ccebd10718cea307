package dev.kanal.ops.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterGroupingTest {

    @Test
    void numbersIdsAndTimesOutsideQuotesAreTakenOut() {
        assertThat(DeadLetterGrouping.normalise("unknown SKU 'IP8P-64-RG' in order 1234"))
                .isEqualTo("unknown SKU 'IP8P-64-RG' in order <n>");
        assertThat(DeadLetterGrouping.normalise("Order 17 failed at 2026-12-07T04:51:38.355Z on Exchange[ID-kanal-1733-0001-42]"))
                .isEqualTo("Order <n> failed at <time> on Exchange[<id>]");
        assertThat(DeadLetterGrouping.normalise("message 3f2a9c1e-0b7d-4c6e-9a51-2d8e7f6a1b0c gone"))
                .isEqualTo("message <uuid> gone");
        assertThat(DeadLetterGrouping.normalise("ERP gateway answered HTTP 503 after 2000 ms"))
                .isEqualTo("ERP gateway answered HTTP 503 after <n> ms");
        assertThat(DeadLetterGrouping.normalise(null)).isEqualTo("(no message)");
    }

    @Test
    void lettersOfOneCauseShareAGroupOthersDoNot() {
        List<DeadLetterGroup> groups = DeadLetterGrouping.group(List.of(
                letter("q.dlq", "m1", "java.lang.IllegalStateException", "unknown SKU 'A' in order 1", 10, "acme"),
                letter("q.dlq", "m2", "java.lang.IllegalStateException", "unknown SKU 'A' in order 2", 30, "acme"),
                letter("q.dlq", "m3", "java.lang.IllegalStateException", "unknown SKU 'B' in order 3", 20, "acme"),
                letter("other.dlq", "m4", "java.lang.IllegalStateException", "unknown SKU 'A' in order 4", 40, "beta"),
                letter("q.dlq", "m5", null, null, 50, null)));

        assertThat(groups).hasSize(4);
        DeadLetterGroup a = groups.get(0);
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.reason()).isEqualTo("unknown SKU 'A' in order <n>");
        assertThat(a.messageIds()).containsExactly("m1", "m2");
        assertThat(a.firstSeen()).isEqualTo(Instant.ofEpochSecond(10));
        assertThat(a.lastSeen()).isEqualTo(Instant.ofEpochSecond(30));
        assertThat(a.sample().messageId()).isEqualTo("m2");
        assertThat(a.errorName()).isEqualTo("IllegalStateException");
        assertThat(a.id()).isEqualTo(DeadLetterGrouping.groupId("q.dlq", "java.lang.IllegalStateException", a.reason()))
                .hasSize(12);
        assertThat(groups).filteredOn(g -> g.errorClass().equals(DeadLetterGrouping.NO_ERROR)).singleElement()
                .satisfies(g -> assertThat(g.clients()).isEmpty());
        assertThat(groups.stream().map(DeadLetterGroup::id).distinct()).hasSize(4);
    }

    private static DeadLetter letter(String queue, String id, String errorClass, String message, long at, String client) {
        return new DeadLetter(queue, id, "q", errorClass, message, Instant.ofEpochSecond(at), client, Map.of(), Map.of(), "{}");
    }
}
