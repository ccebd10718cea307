package dev.kanal;

import dev.kanal.catalog.BundleComponent;
import dev.kanal.catalog.Listing;
import dev.kanal.catalog.ListingMapping;
import dev.kanal.catalog.Product;
import dev.kanal.catalog.Sku;
import dev.kanal.catalog.Variation;
import dev.kanal.client.ChannelAccount;
import dev.kanal.client.Client;
import dev.kanal.client.MappingMode;
import dev.kanal.client.config.ChannelType;
import dev.kanal.fulfilment.Shipment;
import dev.kanal.inventory.InventoryStatus;
import dev.kanal.inventory.SerializedItem;
import dev.kanal.inventory.StockLevel;
import dev.kanal.inventory.Warehouse;
import dev.kanal.orders.Allocation;
import dev.kanal.orders.OrderLine;
import dev.kanal.orders.SalesOrder;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One client's whole graph, persisted through JPA: the shared fixture of the persistence tests.
 * Codes carry a random suffix so runs never collide on a shared database.
 */
record CoreModelGraph(
        String suffix,
        Client client,
        ChannelAccount backMarket,
        ChannelAccount wooCommerce,
        Warehouse main,
        Warehouse overflow,
        Warehouse repairShop,
        InventoryStatus available,
        InventoryStatus repair,
        Product phone,
        Sku phoneSku,
        Variation gradeB,
        Variation gradeBCracked,
        Sku chargerSku,
        Listing phoneListing,
        Listing kitListing,
        SalesOrder order,
        Shipment shipment) {

    /** Database timestamps keep microseconds; inputs are truncated so read-back compares equal. */
    static final Instant RECEIVED_AT = Instant.parse("2025-03-01T10:15:30.123456Z");
    static final Instant SHIPPED_AT = RECEIVED_AT.plus(1, ChronoUnit.DAYS);

    static String randomSuffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static CoreModelGraph persist(EntityManager em) {
        String s = randomSuffix();
        Client client = save(em, new Client("acme-" + s, "Acme Phones", false));
        ChannelAccount backMarket = save(em,
                new ChannelAccount(client, "bm-" + s, ChannelType.BACKMARKET, MappingMode.VARIATION));
        ChannelAccount wooCommerce = save(em,
                new ChannelAccount(client, "woo-" + s, ChannelType.WOOCOMMERCE, MappingMode.SKU));

        Warehouse overflow = save(em, new Warehouse(client, "wh-2", "Overflow", 20, true, "2"));
        Warehouse main = save(em, new Warehouse(client, "wh-1", "Main", 10, true, "1"));
        Warehouse repairShop = save(em, new Warehouse(client, "wh-r", "Repair shop", 5, false, "9"));
        InventoryStatus available = save(em, new InventoryStatus(client, "available", "Available"));
        InventoryStatus repair = save(em, new InventoryStatus(client, "repair", "In repair"));

        Product phone = save(em, new Product(client, "IP8P-64-ROSE", "iPhone 8 Plus 64 GB Sprint rose gold",
                "0190198455284", "tw-1001"));
        // SKU uniqueness is off: one SKU covers two variations of the product
        Sku phoneSku = save(em, new Sku(client, "IP8P-64-ROSE-B"));
        Variation gradeB = save(em, new Variation(phone, phoneSku, "B", Set.of()));
        Variation gradeBCracked = save(em, new Variation(phone, phoneSku, "B", Set.of("Cracked glass")));
        Product charger = save(em, new Product(client, "CHG-USB", "USB charger", null, null));
        Sku chargerSku = save(em, new Sku(client, "CHG-USB"));
        save(em, new Variation(charger, chargerSku, "", Set.of()));

        SerializedItem imei1 = save(em, new SerializedItem(client, "353911080000011", gradeB, main, available));
        save(em, new SerializedItem(client, "353911080000029", gradeB, overflow, available));
        save(em, new SerializedItem(client, "353911080000037", gradeBCracked, repairShop, repair));
        save(em, new StockLevel(client, chargerSku, main, available, 5, "sha1:aa"));
        save(em, new StockLevel(client, chargerSku, overflow, available, 3, "sha1:bb"));

        Listing phoneListing = save(em, new Listing(backMarket, "bm-offer-1", "IP8P-64-ROSE-B", "iPhone 8 Plus",
                new BigDecimal("249.90"), "EUR", 2, "online", RECEIVED_AT));
        save(em, ListingMapping.toVariation(phoneListing, gradeB));
        Listing chargerListing = save(em, new Listing(wooCommerce, "501", "CHG-USB", "Charger",
                new BigDecimal("9.99"), "PLN", 8, "publish", RECEIVED_AT));
        save(em, ListingMapping.toSku(chargerListing, chargerSku));
        // a kit: one phone and two chargers
        Listing kitListing = save(em, new Listing(wooCommerce, "777", "KIT-IP8P", "iPhone + 2 chargers",
                null, null, null, "publish", RECEIVED_AT));
        save(em, new BundleComponent(kitListing, phoneSku, 1));
        save(em, new BundleComponent(kitListing, chargerSku, 2));

        SalesOrder order = new SalesOrder(client, backMarket, "BM-" + s, "1", "Jan Kowalski", true, false, "EUR",
                new BigDecimal("269.88"), RECEIVED_AT);
        OrderLine phoneLine = order.addLine("l-1", "IP8P-64-ROSE-B", phoneSku, gradeB, 1, new BigDecimal("249.90"));
        OrderLine chargerLine = order.addLine("l-2", "CHG-USB", chargerSku, null, 2, new BigDecimal("9.99"));
        order.accept();
        save(em, order);
        save(em, new Allocation(phoneLine, phoneSku, imei1));
        save(em, new Allocation(chargerLine, chargerSku, null, main, 2));

        Shipment shipment = save(em, new Shipment(order, "UPS", "1Z999AA10123456784",
                "https://www.ups.com/track?tracknum=1Z999AA10123456784", List.of(imei1.getSerial()), SHIPPED_AT));

        em.flush();
        return new CoreModelGraph(s, client, backMarket, wooCommerce, main, overflow, repairShop, available, repair,
                phone, phoneSku, gradeB, gradeBCracked, chargerSku, phoneListing, kitListing, order, shipment);
    }

    private static <T> T save(EntityManager em, T entity) {
        em.persist(entity);
        return entity;
    }
}
