package dev.kanal.connector;

import java.io.IOException;
import java.time.Duration;

/**
 * How {@link ChannelHttp} puts a request on the wire; today {@link JdkChannelTransport}
 * (java.net.http) for every connector (docs/decisions/0027 on Camel HTTP). It only sends: budget,
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
