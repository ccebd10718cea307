package dev.kanal.sandbox.subiekt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.subiekt.SourceDataSources;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Control API of the sandbox ERP (not part of any real API): the operator's invoicing act.
 * {@code POST /sandbox/subiekt/{client}/_control/invoices} with
 * {@code {"reference":"<account>:<channel order id>"}} (or {@code "order_ref":"ZK 3/05/2026"}) and
 * an optional {@code "kind":"PA"} makes the ZK's sale document ({@link SubiektSandboxSales#make}):
 * 201 with {@code doc_ref}, {@code doc_amount}, {@code doc_state}, {@code order_ref}; 422 with a
 * message when the ERP refuses (no such ZK, already invoiced, zero value).
 *
 * <p>The operator's correction of a sale: {@code POST .../_control/corrections} with
 * {@code {"doc_ref":"FS 1/05/2026"}} (or {@code "reference"}), {@code "reason"} and
 * {@code "lines":[{"code":"SKU","qty":1,"amount":"199.00"?}]} (units and gross value taken off)
 * makes a KFS or KPA ({@link SubiektSandboxSales#correct}): 201 with {@code doc_ref},
 * {@code doc_amount}, {@code corrected}, {@code order_ref}; 422 when the ERP refuses.
 */
@RestController
@RequestMapping("/sandbox/subiekt/{client}/_control")
@ConditionalOnProperty(name = "kanal.sandbox.enabled", havingValue = "true", matchIfMissing = true)
class SubiektSandboxSalesController {

    private final ClientRegistry clients;
    private final SourceDataSources sources;
    private final SubiektSandboxSales sales = new SubiektSandboxSales();

    SubiektSandboxSalesController(ClientRegistry clients, SourceDataSources sources) {
        this.clients = clients;
        this.sources = sources;
    }

    @PostMapping("/invoices")
    ResponseEntity<Map<String, Object>> invoice(@PathVariable String client, @RequestBody JsonNode body) {
        ClientConfig config = clients.require(client);
        try {
            return ResponseEntity.status(201).body(sales.make(sources.of(client, config.source()), text(body, "order_ref"),
                    text(body, "reference"), text(body, "kind")));
        } catch (SubiektSandboxSales.SaleRefused e) {
            return ResponseEntity.unprocessableEntity().body(Map.of("error", e.getMessage()));
        }
    }

    @PostMapping("/corrections")
    ResponseEntity<Map<String, Object>> correction(@PathVariable String client, @RequestBody JsonNode body) {
        ClientConfig config = clients.require(client);
        java.util.List<SubiektSandboxSales.CorrectionLine> lines = new java.util.ArrayList<>();
        for (JsonNode line : body.path("lines")) {
            lines.add(new SubiektSandboxSales.CorrectionLine(line.path("code").asText(""),
                    line.hasNonNull("qty") ? new java.math.BigDecimal(line.get("qty").asText()) : null,
                    line.hasNonNull("amount") ? new java.math.BigDecimal(line.get("amount").asText()) : null));
        }
        try {
            return ResponseEntity.status(201).body(sales.correct(sources.of(client, config.source()), text(body, "doc_ref"),
                    text(body, "reference"), text(body, "reason"), lines));
        } catch (SubiektSandboxSales.SaleRefused e) {
            return ResponseEntity.unprocessableEntity().body(Map.of("error", e.getMessage()));
        }
    }

    private static String text(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }
}
