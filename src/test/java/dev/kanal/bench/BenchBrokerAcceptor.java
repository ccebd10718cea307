package dev.kanal.bench;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Lets a second Kanal node reach this node's embedded broker: a TCP acceptor at
 * {@value #PROPERTY} (none when blank). The broker stays the one the benchmark inspects (queue
 * depths, events published), so both nodes share one broker as they would an external one; the
 * second node uses it over TCP as it would an external broker, this node in-VM.
 */
@TestConfiguration(proxyBeanMethods = false)
class BenchBrokerAcceptor {

    static final String PROPERTY = "bench.broker-acceptor";

    @Bean
    ArtemisConfigurationCustomizer benchTcpAcceptor(@Value("${" + PROPERTY + ":}") String url) {
        return broker -> {
            if (!url.isBlank()) {
                try {
                    broker.addAcceptorConfiguration("bench-tcp", url);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot add the broker acceptor " + url, e);
                }
            }
        };
    }
}
