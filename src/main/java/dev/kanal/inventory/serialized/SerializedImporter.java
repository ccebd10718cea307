package dev.kanal.inventory.serialized;

import dev.kanal.catalog.Product;
import dev.kanal.catalog.ProductRepository;
import dev.kanal.catalog.Sku;
import dev.kanal.catalog.SkuRepository;
import dev.kanal.catalog.Variation;
import dev.kanal.catalog.VariationRepository;
import dev.kanal.client.Client;
import dev.kanal.client.ClientRepository;
import dev.kanal.inventory.InventoryStatus;
import dev.kanal.inventory.InventoryStatusRepository;
import dev.kanal.inventory.RecalculationRequests;
import dev.kanal.inventory.SerializedItem;
import dev.kanal.inventory.SerializedItemRepository;
import dev.kanal.inventory.StockChangePublisher;
import dev.kanal.inventory.Warehouse;
import dev.kanal.inventory.WarehouseRepository;
import dev.kanal.support.AfterCommit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports serialized items for one client: one file or one request is one transaction.
 *
 * <p>Every row is checked; a bad row is reported with its line and reasons and the good rows are
 * still imported. Bad rows: a value missing or too long, an IMEI failing the Luhn check, a serial
 * already given earlier in the same import (the first occurrence counts), a warehouse or
 * inventory status the client does not have, a variation already sold under another SKU, or a
 * second variation for a SKU when the client's SKUs are unique.
 *
 * <p>Good rows create the product, SKU and variation (product + grade + conditions, linked to the
 * SKU) on first sight, then insert the item or move it (warehouse, status, variation). Every SKU
 * whose units may have changed, the old and the new one when an item changes variation, gets one
 * stock.changed message, sent only after the transaction committed; rows that change nothing
 * send nothing.
 */
@Service
public class SerializedImporter {

    /** The cause on every stock.changed message this importer sends. */
    public static final String CAUSE = "serialized-import";

    private static final Logger log = LoggerFactory.getLogger(SerializedImporter.class);
    private static final int LOOKUP_CHUNK = 500;

    private final ClientRepository clients;
    private final ProductRepository products;
    private final SkuRepository skus;
    private final VariationRepository variations;
    private final WarehouseRepository warehouses;
    private final InventoryStatusRepository statuses;
    private final SerializedItemRepository items;
    private final StockChangePublisher publisher;
    private final JdbcTemplate jdbc;

    public SerializedImporter(ClientRepository clients, ProductRepository products, SkuRepository skus,
            VariationRepository variations, WarehouseRepository warehouses, InventoryStatusRepository statuses,
            SerializedItemRepository items, StockChangePublisher publisher, JdbcTemplate jdbc) {
        this.clients = clients;
        this.products = products;
        this.skus = skus;
        this.variations = variations;
        this.warehouses = warehouses;
        this.statuses = statuses;
        this.items = items;
        this.publisher = publisher;
        this.jdbc = jdbc;
    }

    /**
     * @throws UnknownClientException when no client has this code (nothing is imported)
     */
    @Transactional
    public ImportReport importRows(String clientCode, List<SerializedItemRow> rows) {
        Client client = clients.findByCode(clientCode).orElseThrow(() -> new UnknownClientException(clientCode));
        Run run = new Run(client);
        List<Accepted> accepted = run.check(rows);
        Map<String, SerializedItem> existing = existingItems(client, accepted);
        for (Accepted row : accepted) {
            run.upsert(row, existing.get(row.row().serial()));
        }
        ImportReport report = run.report();
        log.info("Serialized import for client {}: {} rows, {} imported, {} updated, {} unchanged, {} bad; SKUs changed: {}",
                clientCode, rows.size(), report.imported(), report.updated(), report.unchanged(),
                report.problems().size(), report.changedSkus());
        RecalculationRequests.record(jdbc, clientCode, report.changedSkus());
        publishAfterCommit(clientCode, report.changedSkus());
        return report;
    }

    /**
     * Consumers of stock.changed read the database: a message sent before the commit could be
     * handled before the rows it announces are visible, and a rolled-back import must announce
     * nothing.
     */
    private void publishAfterCommit(String clientCode, Set<String> changedSkus) {
        if (changedSkus.isEmpty()) {
            return;
        }
        AfterCommit.run(() -> publisher.publishAll(clientCode, changedSkus, CAUSE, true));
    }

    private Map<String, SerializedItem> existingItems(Client client, List<Accepted> accepted) {
        List<String> serials = accepted.stream().map(a -> a.row().serial()).toList();
        Map<String, SerializedItem> bySerial = new HashMap<>();
        for (int i = 0; i < serials.size(); i += LOOKUP_CHUNK) {
            items.findByClientIdAndSerialIn(client.getId(), serials.subList(i, Math.min(serials.size(), i + LOOKUP_CHUNK)))
                    .forEach(item -> bySerial.put(item.getSerial(), item));
        }
        return bySerial;
    }

    /** A row that passed the checks, with the warehouse and status it names. */
    private record Accepted(SerializedItemRow row, Warehouse warehouse, InventoryStatus status) {
    }

    /** The state of one import: look-up caches, counts, problems, changed SKUs. */
    private final class Run {

        private final Client client;
        private final Map<String, Optional<Warehouse>> warehouseByCode = new HashMap<>();
        private final Map<String, Optional<InventoryStatus>> statusByCode = new HashMap<>();
        private final Map<String, Optional<Product>> productByCode = new HashMap<>();
        private final Map<String, Optional<Sku>> skuByCode = new HashMap<>();
        private final Map<List<Object>, Optional<Variation>> variationByKey = new HashMap<>();
        private final List<RowProblem> problems = new ArrayList<>();
        private final Set<String> changedSkus = new TreeSet<>();
        private int imported;
        private int updated;
        private int unchanged;

        Run(Client client) {
            this.client = client;
        }

        List<Accepted> check(List<SerializedItemRow> rows) {
            Map<String, Integer> firstLine = new HashMap<>();
            List<Accepted> accepted = new ArrayList<>();
            for (SerializedItemRow row : rows) {
                List<String> reasons = new ArrayList<>(RowChecks.problems(row));
                if (row.serial() != null && !row.serial().isEmpty()) {
                    Integer first = firstLine.putIfAbsent(row.serial(), row.line());
                    if (first != null) {
                        reasons.add(0, "serial repeated: first given at line " + first);
                    }
                }
                Warehouse warehouse = null;
                if (row.warehouse() != null && !row.warehouse().isEmpty()) {
                    warehouse = warehouseByCode.computeIfAbsent(row.warehouse(),
                            code -> warehouses.findByClientIdAndCode(client.getId(), code)).orElse(null);
                    if (warehouse == null) {
                        reasons.add("unknown warehouse '" + row.warehouse() + "' for client " + client.getCode());
                    }
                }
                InventoryStatus status = null;
                if (row.inventoryStatus() != null && !row.inventoryStatus().isEmpty()) {
                    status = statusByCode.computeIfAbsent(row.inventoryStatus(),
                            code -> statuses.findByClientIdAndCode(client.getId(), code)).orElse(null);
                    if (status == null) {
                        reasons.add("unknown inventory status '" + row.inventoryStatus() + "' for client "
                                + client.getCode());
                    }
                }
                if (reasons.isEmpty()) {
                    accepted.add(new Accepted(row, warehouse, status));
                } else {
                    problem(row, String.join("; ", reasons));
                }
            }
            return accepted;
        }

        void upsert(Accepted accepted, SerializedItem item) {
            SerializedItemRow row = accepted.row();
            String conditions = Variation.normalizeConditions(row.conditions());
            Optional<Product> product = product(row.productCode());
            Optional<Variation> variation = product.flatMap(p -> variation(p, row.grade(), conditions));
            Optional<Sku> sku = sku(row.sku());

            // the catalogue is checked before anything is written, so a bad row leaves no trace
            if (variation.isPresent() && !variation.get().getSku().getCode().equals(row.sku())) {
                problem(row, describe(row.productCode(), row.grade(), conditions) + " is sold as SKU '"
                        + variation.get().getSku().getCode() + "', not '" + row.sku() + "'");
                return;
            }
            if (variation.isEmpty() && client.isSkuUnique() && sku.isPresent()) {
                List<Variation> other = variations.findBySkuId(sku.get().getId());
                if (!other.isEmpty()) {
                    Variation v = other.get(0);
                    problem(row, "SKU '" + row.sku() + "' already names "
                            + describe(v.getProduct().getCode(), v.getGrade(), v.getConditions())
                            + " and the client's SKUs are unique");
                    return;
                }
            }

            Variation target = variation.orElseGet(() -> createVariation(row,
                    product.orElseGet(() -> createProduct(row)), sku.orElseGet(() -> createSku(row)), conditions));

            if (item == null) {
                items.save(new SerializedItem(client, row.serial(), target, accepted.warehouse(), accepted.status()));
                imported++;
                changedSkus.add(target.getSku().getCode());
                return;
            }
            boolean sameVariation = Objects.equals(item.getVariation().getId(), target.getId());
            boolean samePlace = Objects.equals(item.getWarehouse().getId(), accepted.warehouse().getId())
                    && Objects.equals(item.getInventoryStatus().getId(), accepted.status().getId());
            if (sameVariation && samePlace) {
                unchanged++;
                return;
            }
            changedSkus.add(item.getVariation().getSku().getCode());
            if (!sameVariation) {
                item.regrade(target);
            }
            if (!samePlace) {
                item.moveTo(accepted.warehouse(), accepted.status());
            }
            changedSkus.add(target.getSku().getCode());
            updated++;
        }

        ImportReport report() {
            problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
            return new ImportReport(imported, updated, unchanged, problems, changedSkus);
        }

        private void problem(SerializedItemRow row, String reason) {
            problems.add(new RowProblem(row.line(), row.serial(), reason));
        }

        private Optional<Product> product(String code) {
            return productByCode.computeIfAbsent(code, c -> products.findByClientIdAndCode(client.getId(), c));
        }

        private Optional<Sku> sku(String code) {
            return skuByCode.computeIfAbsent(code, c -> skus.findByClientIdAndCode(client.getId(), c));
        }

        private Optional<Variation> variation(Product product, String grade, String conditions) {
            return variationByKey.computeIfAbsent(List.of(product.getId(), grade, conditions),
                    k -> variations.findByProductIdAndGradeAndConditions(product.getId(), grade, conditions));
        }

        private Product createProduct(SerializedItemRow row) {
            String name = row.productName() == null || row.productName().isEmpty() ? row.productCode() : row.productName();
            Product product = products.save(new Product(client, row.productCode(), name, null, null));
            productByCode.put(row.productCode(), Optional.of(product));
            return product;
        }

        private Sku createSku(SerializedItemRow row) {
            Sku sku = skus.save(new Sku(client, row.sku()));
            skuByCode.put(row.sku(), Optional.of(sku));
            return sku;
        }

        private Variation createVariation(SerializedItemRow row, Product product, Sku sku, String conditions) {
            Variation variation = variations.save(new Variation(product, sku, row.grade(), row.conditions()));
            variationByKey.put(List.of(product.getId(), row.grade(), conditions), Optional.of(variation));
            return variation;
        }

        private static String describe(String productCode, String grade, String conditions) {
            return "product '" + productCode + "' grade '" + grade + "'"
                    + (conditions.isEmpty() ? " without conditions" : " with conditions '" + conditions + "'");
        }
    }
}
