package dev.kanal.connector;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;

/**
 * Which {@link ChannelTransport} the connectors send through ({@code kanal.connectors.http-transport},
 * docs/decisions/0027): {@code jdk} (java.net.http) or {@code camel} (camel-http endpoints).
 */
@FunctionalInterface
public interface ChannelTransports {

    /**
     * A transport for one connector.
     *
     * @param jdkClients     the connector's java.net.http clients (its settings), used by {@code jdk}
     * @param connectTimeout how long to wait for a connection
     */
    ChannelTransport transport(TrustedHttpClients jdkClients, Duration connectTimeout, Clock clock);

    static ChannelTransports jdk() {
        return (clients, connectTimeout, clock) -> new JdkChannelTransport(clients, clock);
    }

    static ChannelTransports camel(Supplier<CamelContext> camel) {
        return (clients, connectTimeout, clock) -> new CamelChannelTransport(camel, connectTimeout, clock);
    }
}
