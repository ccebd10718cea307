package dev.kanal.ops.deadletters;

import dev.kanal.ops.OperatorAction;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API of dead letters: every dead-letter queue grouped by cause, one group with its
 * messages, replay a group (operator), delete a group (admin). Replays and deletes are written to
 * the operator audit ({@link OperatorAction}) with the queue, the client and how many messages they touched.
 */
@RestController
@RequestMapping("/admin/dead-letters")
class DeadLetterAdminController {

    private final DeadLetters deadLetters;

    DeadLetterAdminController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** Every group, largest first, and each dead-letter queue's depth. */
    @GetMapping
    Map<String, Object> groups() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("broker", deadLetters.brokerKind());
        answer.put("queues", deadLetters.depths());
        answer.put("groups", deadLetters.groups());
        return answer;
    }

    /** One group with its messages (oldest first, at most {@code limit}). */
    @GetMapping("/{group}")
    ResponseEntity<Map<String, Object>> group(@PathVariable String group, @RequestParam(defaultValue = "100") int limit) {
        return deadLetters.group(group).map(found -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("group", found);
            answer.put("messages", deadLetters.messages(found, Math.max(1, Math.min(limit, 1000))));
            return ResponseEntity.ok(answer);
        }).orElseGet(() -> notFound(group));
    }

    /** Sends every message of the group back to the queue it failed on, once its cause is fixed. */
    @PostMapping("/{group}/replay")
    @OperatorAction("dead-letters.replay")
    ResponseEntity<?> replay(@PathVariable String group, HttpServletRequest request) {
        return answer(deadLetters.replay(group), group, request);
    }

    /** Deletes every message of the group for good. */
    @DeleteMapping("/{group}")
    @OperatorAction("dead-letters.delete")
    ResponseEntity<?> delete(@PathVariable String group, HttpServletRequest request) {
        return answer(deadLetters.delete(group), group, request);
    }

    /** The outcome, and what the audit row says beyond the path: queue, client, how many and why. */
    private static ResponseEntity<?> answer(Optional<DeadLetters.Outcome> outcome, String group, HttpServletRequest request) {
        if (outcome.isEmpty()) {
            request.setAttribute(OperatorAction.DETAIL_ATTRIBUTE, "no such group (replayed or deleted already, or never there)");
            return notFound(group);
        }
        DeadLetters.Outcome done = outcome.get();
        request.setAttribute(OperatorAction.TARGET_ATTRIBUTE, "queue " + done.queue());
        if (done.client() != null) {
            request.setAttribute(OperatorAction.CLIENT_ATTRIBUTE, done.client());
        }
        request.setAttribute(OperatorAction.DETAIL_ATTRIBUTE, done.summary());
        return ResponseEntity.ok(done);
    }

    @ExceptionHandler(BrokerManagementException.class)
    ResponseEntity<Map<String, String>> brokerFailed(BrokerManagementException e, HttpServletRequest request) {
        request.setAttribute(OperatorAction.DETAIL_ATTRIBUTE, e.getMessage());
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("error", e.getMessage()));
    }

    private static <T> ResponseEntity<T> notFound(String group) {
        @SuppressWarnings("unchecked")
        T body = (T) Map.of("error", "No dead-letter group " + group + ": replayed or deleted already, or never there");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(body);
    }
}
