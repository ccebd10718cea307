package dev.kanal;

import dev.kanal.messaging.FailingStep;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/** Beans that test routes call, and test-only broker settings. */
@TestConfiguration(proxyBeanMethods = false)
public class TestBeans {

    /** Every stock.changed message (the events topic and the calculator's queue) is also copied here, for tests to read. */
    public static final String STOCK_CHANGED_COPY = "kanal.test.stock-changed-copy";
    /** Copies of every order received (poll or webhook) and every order handed on to allocation. */
    public static final String ORDERS_RECEIVED_COPY = "kanal.test.orders-received-copy";
    public static final String ORDERS_TRANSLATED_COPY = "kanal.test.orders-translated-copy";

    /**
     * The sandbox shop that is the source of {@link KanalIntegrationTest#SHOP_CLIENT}, and its Back
     * Market seller, made as soon as the server listens: the client's polls are answered from the first.
     */
    @Bean
    ApplicationListener<WebServerInitializedEvent> shopSourceInTheSandbox() {
        return event -> {
            String sandbox = "http://127.0.0.1:" + event.getWebServer().getPort() + "/sandbox";
            HttpClient http = HttpClient.newHttpClient();
            try {
                http.send(HttpRequest.newBuilder(URI.create(sandbox + "/woocommerce/_control/shops"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"consumer_key\":\"" + KanalIntegrationTest.SHOP_SOURCE_KEY
                                + "\",\"consumer_secret\":\"" + KanalIntegrationTest.SHOP_SOURCE_SECRET + "\",\"currency\":\"EUR\"}"))
                        .build(), HttpResponse.BodyHandlers.discarding());
                http.send(HttpRequest.newBuilder(URI.create(sandbox + "/backmarket/_control/listings"))
                        .header("Authorization", "Basic " + KanalIntegrationTest.SHOP_BM_TOKEN).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                throw new IllegalStateException("the shop source's sandboxes could not be set up", e);
            }
        };
    }

    @Bean
    FailingStep failingStep() {
        return new FailingStep();
    }

    /** Non-exclusive diverts: subscribers and the calculator still get every message; tests see a copy. */
    @Bean
    ArtemisConfigurationCustomizer copyStockChanged() {
        return broker -> {
            broker.addQueueConfiguration(QueueConfiguration.of(STOCK_CHANGED_COPY).setAddress(STOCK_CHANGED_COPY)
                    .setRoutingType(RoutingType.ANYCAST).setDurable(true));
            for (String address : List.of("kanal.stock.events", "kanal.stock.changed")) {
                broker.addDivertConfiguration(new DivertConfiguration()
                        .setName("test-copy-" + address)
                        .setAddress(address)
                        .setForwardingAddress(STOCK_CHANGED_COPY)
                        .setRoutingType(ComponentConfigurationRoutingType.ANYCAST)
                        .setExclusive(false));
            }
        };
    }

    /** Non-exclusive diverts: the order hops still get every message; tests read the copies. */
    @Bean
    ArtemisConfigurationCustomizer copyOrders() {
        return broker -> {
            for (String[] copy : new String[][] {{"kanal.orders.received", ORDERS_RECEIVED_COPY},
                    {"kanal.orders.translated", ORDERS_TRANSLATED_COPY}}) {
                broker.addQueueConfiguration(QueueConfiguration.of(copy[1]).setAddress(copy[1])
                        .setRoutingType(RoutingType.ANYCAST).setDurable(true));
                broker.addDivertConfiguration(new DivertConfiguration()
                        .setName("test-copy-" + copy[0])
                        .setAddress(copy[0])
                        .setForwardingAddress(copy[1])
                        .setRoutingType(ComponentConfigurationRoutingType.ANYCAST)
                        .setExclusive(false));
            }
        };
    }
}
