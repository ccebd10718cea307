package dev.kanal.connector;

import java.io.IOException;
import java.time.Duration;

/**
 * How {@link ChannelHttp} puts a request on the wire: {@link JdkChannelTransport} (java.net.http) or
 * {@link CamelChannelTransport} (camel-http), as {@link ChannelTransports} says (docs/decisions/0027). It only sends: budget,
 * status mapping and messages are {@link ChannelHttp}'s.
 */
public interface ChannelTransport {

    /**
     * Sends {@code request} trusting {@code trust}'s certificates and answers whatever status came back.
     *
     * @throws java.net.http.HttpTimeoutException or {@link java.net.SocketTimeoutException} when
     *                                            no answer came within {@code timeout}
     * @throws IOException                        no answer at all (connection refused, reset, TLS failure)
     */
    ChannelAnswer send(ChannelRequest request, TlsTrust trust, Duration timeout) throws IOException, InterruptedException;
}
