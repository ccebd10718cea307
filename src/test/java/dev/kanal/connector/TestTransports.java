package dev.kanal.connector;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The transport connector tests made without Spring send through: the one
 * {@code -Dkanal.connectors.http-transport=camel|jdk} names (the application's property, so Spring
 * tests run with the same switch), {@code jdk} when unset. Camel's context is one for the test JVM.
 */
public final class TestTransports {

    private static CamelContext camel;

    private TestTransports() {
    }

    public static ChannelTransports selected() {
        String transport = System.getProperty("kanal.connectors.http-transport", "jdk");
        return switch (transport) {
            case "jdk" -> ChannelTransports.jdk();
            case "camel" -> ChannelTransports.camel(TestTransports::camel);
            default -> throw new IllegalArgumentException("kanal.connectors.http-transport must be jdk or camel, not " + transport);
        };
    }

    private static synchronized CamelContext camel() {
        if (camel == null) {
            camel = new DefaultCamelContext();
            camel.start();
            Runtime.getRuntime().addShutdownHook(new Thread(camel::stop));
        }
        return camel;
    }
}
