package dev.kanal;

import static dev.kanal.ConstraintAssertions.assertViolates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.kanal.catalog.BundleComponent;
import dev.kanal.catalog.BundleComponentRepository;
import dev.kanal.catalog.Listing;
import dev.kanal.catalog.ListingMapping;
import dev.kanal.catalog.ListingMappingRepository;
import dev.kanal.catalog.ListingRepository;
import dev.kanal.catalog.Product;
import dev.kanal.catalog.Sku;
import dev.kanal.catalog.SkuRepository;
import dev.kanal.catalog.Variation;
import dev.kanal.catalog.VariationRepository;
import dev.kanal.client.ChannelAccount;
import dev.kanal.client.ChannelAccountRepository;
import dev.kanal.client.Client;
import dev.kanal.client.ClientRepository;
import dev.kanal.client.MappingMode;
import dev.kanal.client.config.ChannelType;
import dev.kanal.fulfilment.Shipment;
import dev.kanal.fulfilment.ShipmentRepository;
import dev.kanal.inventory.SerializedItem;
import dev.kanal.inventory.SerializedItemRepository;
import dev.kanal.inventory.StockLevelRepository;
import dev.kanal.inventory.Warehouse;
import dev.kanal.inventory.WarehouseRepository;
import dev.kanal.orders.Allocation;
import dev.kanal.orders.AllocationRepository;
import dev.kanal.orders.AllocationStatus;
import dev.kanal.orders.OrderLine;
import dev.kanal.orders.OrderStatus;
import dev.kanal.orders.SalesOrder;
import dev.kanal.orders.SalesOrderRepository;
import java.math.BigDecimal;
import java.sql.Connection;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.orm.jpa.DataJpaTest;
import org.springframework.boot.test.autoconfigure.orm.jpa.TestEntityManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The core model on real PostgreSQL: Flyway migrates, Hibernate validates the mapping against
 * the migrated schema (the context would not start otherwise), and the constraints the flows
 * rely on hold. Each test rolls back and uses its own client, so the shared database is safe.
 */
@DataJpaTest(showSql = false)
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ActiveProfiles("test")
class CoreModelPostgresTest {

    @Autowired TestEntityManager tem;
    @Autowired JdbcTemplate jdbc;
    @Autowired Flyway flyway;
    @Value("${spring.jpa.hibernate.ddl-auto}") String ddlAuto;

    @Autowired ClientRepository clients;
    @Autowired ChannelAccountRepository accounts;
    @Autowired WarehouseRepository warehouses;
    @Autowired SerializedItemRepository serializedItems;
    @Autowired StockLevelRepository stockLevels;
    @Autowired AllocationRepository allocations;
    @Autowired SkuRepository skus;
    @Autowired VariationRepository variations;
    @Autowired ListingRepository listings;
    @Autowired ListingMappingRepository listingMappings;
    @Autowired BundleComponentRepository bundleComponents;
    @Autowired SalesOrderRepository orders;
    @Autowired ShipmentRepository shipments;

    @Test
    void flywayOwnsThePostgresSchemaAndHibernateValidatesIt() {
        assertThat(ddlAuto).isEqualTo("validate");
        assertThat(flyway.info().pending()).isEmpty();
        assertThat(flyway.info().current().getVersion().getVersion()).isNotNull();
        assertThat(jdbc.execute((Connection c) -> c.getMetaData().getDatabaseProductName())).isEqualTo("PostgreSQL");
    }

    @Test
    void wholeGraphRoundTrips() {
        CoreModelGraph g = CoreModelGraph.persist(tem.getEntityManager());
        tem.clear();

        Client client = clients.findByCode("acme-" + g.suffix()).orElseThrow();
        assertThat(client.isSkuUnique()).isFalse();
        ChannelAccount bm = accounts.findByClientCodeAndCode(client.getCode(), "bm-" + g.suffix()).orElseThrow();
        assertThat(bm.getChannelType()).isEqualTo(ChannelType.BACKMARKET);
        assertThat(bm.getMappingMode()).isEqualTo(MappingMode.VARIATION);

        // allocation order: fulfilment centres only, lowest priority number first
        assertThat(warehouses.findByClientIdAndFulfilmentCentreTrueOrderByPriorityAscIdAsc(client.getId()))
                .extracting(Warehouse::getCode).containsExactly("wh-1", "wh-2");
        assertThat(warehouses.findByClientIdAndSourceRef(client.getId(), "9").orElseThrow().getCode())
                .isEqualTo("wh-r");

        // one SKU shared by two variations
        Sku phoneSku = skus.findByClientIdAndCode(client.getId(), "IP8P-64-ROSE-B").orElseThrow();
        assertThat(variations.findBySkuId(phoneSku.getId()))
                .extracting(Variation::getGrade, Variation::getConditionSet)
                .containsExactlyInAnyOrder(tuple("B", Set.of()), tuple("B", Set.of("cracked glass")));

        SerializedItem cracked = serializedItems.findByClientIdAndSerial(client.getId(), "353911080000037")
                .orElseThrow();
        assertThat(cracked.getVariation().getConditions()).isEqualTo("cracked glass");
        assertThat(cracked.getWarehouse().getCode()).isEqualTo("wh-r");
        assertThat(cracked.getInventoryStatus().getCode()).isEqualTo("repair");
        assertThat(stockLevels.findBySkuIdAndWarehouseIdAndInventoryStatusId(
                g.chargerSku().getId(), g.main().getId(), g.available().getId()).orElseThrow().getQuantity())
                .isEqualTo(5);

        Listing phoneListing = listings.findByChannelAccountIdAndChannelListingId(bm.getId(), "bm-offer-1")
                .orElseThrow();
        assertThat(phoneListing.getPrice()).isEqualTo(new BigDecimal("249.90"));
        assertThat(phoneListing.getImportedAt()).isEqualTo(CoreModelGraph.RECEIVED_AT);
        ListingMapping mapping = listingMappings.findByListingId(phoneListing.getId()).orElseThrow();
        assertThat(mapping.isVariationMapping()).isTrue();
        assertThat(mapping.getVariation().getId()).isEqualTo(g.gradeB().getId());
        assertThat(mapping.getSku()).isNull();
        assertThat(bundleComponents.findByListingId(g.kitListing().getId()))
                .extracting(c -> c.getComponentSku().getCode(), BundleComponent::getUnits)
                .containsExactlyInAnyOrder(tuple("IP8P-64-ROSE-B", 1), tuple("CHG-USB", 2));

        SalesOrder order = orders.findByClientIdAndChannelAccountIdAndChannelOrderId(
                client.getId(), bm.getId(), "BM-" + g.suffix()).orElseThrow();
        assertThat(order.getStatus()).isEqualTo(OrderStatus.ACCEPTED);
        assertThat(order.getTotal()).isEqualTo(new BigDecimal("269.88"));
        assertThat(order.getReceivedAt()).isEqualTo(CoreModelGraph.RECEIVED_AT);
        assertThat(order.getVersion()).isZero();
        assertThat(order.getLines())
                .extracting(OrderLine::getLineNo, l -> l.getSku().getCode(), OrderLine::getQuantity,
                        OrderLine::getUnitPrice)
                .containsExactly(tuple(1, "IP8P-64-ROSE-B", 1, new BigDecimal("249.90")),
                        tuple(2, "CHG-USB", 2, new BigDecimal("9.99")));
        assertThat(order.getLines().get(0).getVariation().getId()).isEqualTo(g.gradeB().getId());

        List<Allocation> open = allocations.findByOrderLineOrderIdAndStatus(order.getId(), AllocationStatus.OPEN);
        assertThat(open).extracting(a -> a.getSerializedItem() == null ? null : a.getSerializedItem().getSerial())
                .containsExactlyInAnyOrder("353911080000011", null);

        Shipment shipment = shipments.findByOrderId(order.getId()).get(0);
        assertThat(shipment.getSerials()).containsExactly("353911080000011");
        assertThat(shipment.getShippedAt()).isEqualTo(CoreModelGraph.SHIPPED_AT);
        assertThat(shipments.findByOrderClientIdAndChannelConfirmedAtIsNull(client.getId())).hasSize(1);
    }

    @Test
    void onlyOpenAllocationsInTheGivenWarehousesCountAsAllocated() {
        CoreModelGraph g = CoreModelGraph.persist(tem.getEntityManager());
        OrderLine chargerLine = g.order().getLines().get(1);
        Allocation overflowUnit = tem.persist(new Allocation(chargerLine, g.chargerSku(), null, g.overflow(), 1));
        Allocation cancelled = tem.persist(new Allocation(chargerLine, g.chargerSku(), null, g.main(), 3));
        cancelled.release();
        tem.flush();

        Long sku = g.chargerSku().getId();
        assertThat(allocations.sumOpenQuantity(sku, List.of(g.main().getId(), g.overflow().getId()))).isEqualTo(3);
        assertThat(allocations.sumOpenQuantity(sku, List.of(g.main().getId()))).isEqualTo(2);
        assertThat(allocations.sumOpenQuantity(sku, List.of(g.repairShop().getId()))).isZero();

        overflowUnit.markShipped();
        tem.flush();
        assertThat(allocations.sumOpenQuantity(sku, List.of(g.overflow().getId()))).isZero();
        assertThat(jdbc.queryForObject("select closed_at is not null from allocation where id = ?",
                Boolean.class, overflowUnit.getId())).isTrue();
    }

    @Test
    void secondImportOfTheSameChannelOrderIsRejected() {
        CoreModelGraph g = CoreModelGraph.persist(tem.getEntityManager());

        // same channel order id on another account of the same client is a different order
        orders.saveAndFlush(newOrder(g.client(), g.wooCommerce(), g.order().getChannelOrderId()));

        assertViolates("uk_sales_order_channel_order",
                () -> orders.saveAndFlush(newOrder(g.client(), g.backMarket(), g.order().getChannelOrderId())));
    }

    @Test
    void listingMappingWithBothTargetsIsRejected() {
        CoreModelGraph g = CoreModelGraph.persist(tem.getEntityManager());
        Listing unmapped = unmappedListing(g);

        assertViolates("ck_listing_mapping_one_target", () -> jdbc.update(
                "insert into listing_mapping (listing_id, sku_id, variation_id) values (?, ?, ?)",
                unmapped.getId(), g.phoneSku().getId(), g.gradeB().getId()));
    }

    @Test
    void listingMappingWithNoTargetIsRejected() {
        CoreModelGraph g = CoreModelGraph.persist(tem.getEntityManager());
        Listing unmapped = unmappedListing(g);

        assertViolates("ck_listing_mapping_one_target", () -> jdbc.update(
                "insert into listing_mapping (listing_id, sku_id, variation_id) values (?, null, null)",
                unmapped.getId()));
    }

    @Test
    void remappingAListingSwitchesItsTargetInPlace() {
        CoreModelGraph g = CoreModelGraph.persist(tem.getEntityManager());
        ListingMapping mapping = listingMappings.findByListingId(g.phoneListing().getId()).orElseThrow();

        mapping.remapToSku(g.phoneSku());
        tem.flush();
        tem.clear();

        ListingMapping reloaded = listingMappings.findByListingId(g.phoneListing().getId()).orElseThrow();
        assertThat(reloaded.isVariationMapping()).isFalse();
        assertThat(reloaded.getSku().getId()).isEqualTo(g.phoneSku().getId());
        assertThat(listingMappings.findBySkuId(g.phoneSku().getId())).extracting(ListingMapping::getId)
                .containsExactly(reloaded.getId());
    }

    @Test
    void conditionSetsInAnotherOrderOrSpellingAreTheSameVariation() {
        CoreModelGraph g = CoreModelGraph.persist(tem.getEntityManager());
        Product phone = g.phone();
        Variation first = variations.saveAndFlush(
                new Variation(phone, g.phoneSku(), "C", List.of("Cracked glass", "Battery service")));

        assertThat(variations.findByProductIdAndGradeAndConditions(phone.getId(), "C",
                Variation.normalizeConditions(Set.of("battery SERVICE ", "cracked glass"))))
                .get().extracting(Variation::getId).isEqualTo(first.getId());
        assertViolates("uk_variation_product_grade_conditions", () -> variations.saveAndFlush(
                new Variation(phone, g.phoneSku(), "C", List.of(" BATTERY SERVICE", "cracked glass", "Cracked Glass"))));
    }

    @Test
    void holdingAndReleasingAnOrderKeepsTheHoldReasonConsistentAndBumpsTheVersion() {
        CoreModelGraph g = CoreModelGraph.persist(tem.getEntityManager());
        SalesOrder order = g.order();

        order.hold("unmapped channel SKU X-1");
        tem.flush();
        assertThat(order.getVersion()).isEqualTo(1);

        order.recordErpOrder("ZK 12/2025");
        tem.flush();
        tem.clear();

        SalesOrder reloaded = orders.findByClientIdAndErpOrderRef(g.client().getId(), "ZK 12/2025").orElseThrow();
        assertThat(reloaded.getStatus()).isEqualTo(OrderStatus.IN_ERP);
        assertThat(reloaded.getHoldReason()).isNull();
        assertThat(reloaded.getVersion()).isEqualTo(2);
    }

    @Test
    void heldStatusWithoutAReasonIsRejectedByTheDatabase() {
        CoreModelGraph g = CoreModelGraph.persist(tem.getEntityManager());

        assertViolates("ck_sales_order_hold_reason", () -> jdbc.update(
                "update sales_order set status = 'HELD', hold_reason = null where id = ?", g.order().getId()));
    }

    private Listing unmappedListing(CoreModelGraph g) {
        Listing listing = tem.persistAndFlush(new Listing(g.backMarket(), "bm-offer-unmapped", "IP8P-64-ROSE-B",
                "iPhone 8 Plus", null, null, 0, "offline", CoreModelGraph.RECEIVED_AT));
        return listing;
    }

    private static SalesOrder newOrder(Client client, ChannelAccount account, String channelOrderId) {
        SalesOrder order = new SalesOrder(client, account, channelOrderId, "1", "Anna Nowak", false, true, "EUR",
                new BigDecimal("10.00"), CoreModelGraph.RECEIVED_AT);
        order.addLine("l-1", "CHG-USB", null, null, 1, new BigDecimal("10.00"));
        return order;
    }
}
