package dev.kanal.ops.timeline;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /admin/clients/{client}/orders/{orderId}/timeline}: every hop of one order with its time, and its channel payload. */
@RestController
class TimelineAdminController {

    private final OrderTimeline timeline;

    TimelineAdminController(OrderTimeline timeline) {
        this.timeline = timeline;
    }

    @GetMapping("/admin/clients/{client}/orders/{orderId}/timeline")
    ResponseEntity<?> timeline(@PathVariable String client, @PathVariable long orderId) {
        return timeline.of(client, orderId).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(Map.of("error", "Client " + client + " has no order " + orderId)));
    }
}
