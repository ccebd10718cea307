package dev.kanal.sandbox.subiekt;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SourceStockRow;
import dev.kanal.connector.subiekt.SubiektStockReader;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Control API of the sandbox ERP (not part of any real API): change stock in a sandbox
 * client's ERP database as a warehouse worker would, read it back, or empty it.
 */
@RestController
@RequestMapping("/sandbox/subiekt/{client}/_control")
@ConditionalOnProperty(name = "kanal.sandbox.enabled", havingValue = "true", matchIfMissing = true)
class SubiektSandboxController {

    private final ClientRegistry clients;
    private final SourceDataSources sources;
    private final SubiektSandboxDatabase database = new SubiektSandboxDatabase();

    SubiektSandboxController(ClientRegistry clients, SourceDataSources sources) {
        this.clients = clients;
        this.sources = sources;
    }

    @PutMapping("/stock")
    Map<String, Object> setStock(@PathVariable String client, @RequestBody List<SubiektSandboxDatabase.StockRow> rows) {
        database.setStock(erp(client), rows);
        return Map.of("rows", rows.size());
    }

    /** Sets prices in tw_Cena: {@code [{"symbol":"IP8","level":1,"net":100.00,"gross":123.00}]}; 400 for an unknown product or level. */
    @PutMapping("/prices")
    org.springframework.http.ResponseEntity<Map<String, Object>> setPrices(@PathVariable String client,
            @RequestBody List<SubiektSandboxDatabase.PriceRow> rows) {
        try {
            database.setPrices(erp(client), rows);
        } catch (IllegalArgumentException e) {
            return org.springframework.http.ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        }
        return org.springframework.http.ResponseEntity.ok(Map.of("rows", rows.size()));
    }

    /**
     * The operator edits a product card: {@code {"name":"...","ean":"5901234123457"}} sets the
     * product's name (tw_Nazwa) and main barcode (tw_PodstKodKresk); fields left out stay. 404
     * when the ERP has no such product.
     */
    @PutMapping("/products/{symbol}")
    org.springframework.http.ResponseEntity<Map<String, Object>> editProduct(@PathVariable String client,
            @PathVariable String symbol, @RequestBody com.fasterxml.jackson.databind.JsonNode body) {
        String name = body.hasNonNull("name") ? body.get("name").asText() : null;
        String ean = body.hasNonNull("ean") ? body.get("ean").asText() : null;
        if (!database.editProduct(erp(client), symbol, name, ean)) {
            return org.springframework.http.ResponseEntity.status(404).body(Map.of("error", "no product " + symbol));
        }
        return org.springframework.http.ResponseEntity.ok(Map.of("symbol", symbol));
    }

    @GetMapping("/stock")
    List<SourceStockRow> stock(@PathVariable String client) {
        database.ensureSchema(erp(client));
        return new SubiektStockReader().readStock(erp(client));
    }

    /**
     * The operator's shipping act: {@code {"reference":"<account>:<channel order id>","carrier":"DPD",
     * "tracking":"TRK123","tracking_url":"https://...","serials":{"SKU":["IMEI"]},"lines":[{"sku":..,"quantity":..}]}}
     * realizes the ZK into a WZ and lowers stock ({@link SubiektSandboxDatabase#ship}). 422 with a message when the ERP would refuse.
     */
    @PostMapping("/shipments")
    org.springframework.http.ResponseEntity<Map<String, Object>> ship(@PathVariable String client,
            @RequestBody com.fasterxml.jackson.databind.JsonNode body) {
        try {
            java.util.Map<String, List<String>> serials = new java.util.LinkedHashMap<>();
            body.path("serials").fields().forEachRemaining(e -> {
                List<String> values = new java.util.ArrayList<>();
                e.getValue().forEach(v -> values.add(v.asText()));
                serials.put(e.getKey(), values);
            });
            List<SubiektSandboxDatabase.ActLine> lines = new java.util.ArrayList<>();
            body.path("lines").forEach(l -> lines.add(new SubiektSandboxDatabase.ActLine(l.path("sku").asText(), l.path("quantity").asInt())));
            SubiektSandboxDatabase.ShipmentAct act = new SubiektSandboxDatabase.ShipmentAct(text(body, "reference"), text(body, "carrier"),
                    text(body, "tracking"), text(body, "tracking_url"), text(body, "warehouse"), serials, lines);
            return org.springframework.http.ResponseEntity.status(201).body(database.ship(erp(client), act));
        } catch (SubiektSandboxDatabase.ActRefused e) {
            return org.springframework.http.ResponseEntity.unprocessableEntity().body(Map.of("error", e.getMessage()));
        }
    }

    /**
     * Many shipping acts in one ERP transaction (benchmarks: every WZ becomes visible to a poll at
     * the same commit): a JSON array of the bodies {@link #ship} takes. All or nothing: 422 names
     * the first act the ERP would refuse.
     */
    @PostMapping("/shipments/batch")
    org.springframework.http.ResponseEntity<Map<String, Object>> shipAll(@PathVariable String client,
            @RequestBody com.fasterxml.jackson.databind.JsonNode body) {
        if (!body.isArray()) {
            return org.springframework.http.ResponseEntity.badRequest().body(Map.of("error", "a JSON array of shipping acts expected"));
        }
        List<SubiektSandboxDatabase.ShipmentAct> acts = new java.util.ArrayList<>();
        body.forEach(one -> acts.add(act(one)));
        javax.sql.DataSource erp = erp(client);
        database.ensureSchema(erp);
        try {
            new org.springframework.transaction.support.TransactionTemplate(
                    new org.springframework.jdbc.datasource.DataSourceTransactionManager(erp))
                    .executeWithoutResult(tx -> acts.forEach(act -> database.ship(erp, act)));
            return org.springframework.http.ResponseEntity.status(201).body(Map.of("shipped", acts.size()));
        } catch (SubiektSandboxDatabase.ActRefused e) {
            return org.springframework.http.ResponseEntity.unprocessableEntity().body(Map.of("error", e.getMessage()));
        }
    }

    private static SubiektSandboxDatabase.ShipmentAct act(com.fasterxml.jackson.databind.JsonNode body) {
        java.util.Map<String, List<String>> serials = new java.util.LinkedHashMap<>();
        body.path("serials").fields().forEachRemaining(e -> {
            List<String> values = new java.util.ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            serials.put(e.getKey(), values);
        });
        List<SubiektSandboxDatabase.ActLine> lines = new java.util.ArrayList<>();
        body.path("lines").forEach(l -> lines.add(new SubiektSandboxDatabase.ActLine(l.path("sku").asText(), l.path("quantity").asInt())));
        return new SubiektSandboxDatabase.ShipmentAct(text(body, "reference"), text(body, "carrier"),
                text(body, "tracking"), text(body, "tracking_url"), text(body, "warehouse"), serials, lines);
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }

    @PostMapping("/reset")
    Map<String, Object> reset(@PathVariable String client) {
        database.reset(erp(client));
        return Map.of("reset", client);
    }

    private javax.sql.DataSource erp(String client) {
        ClientConfig config = clients.require(client);
        return sources.of(client, config.source());
    }
}
