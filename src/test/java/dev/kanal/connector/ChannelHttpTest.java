package dev.kanal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link ChannelHttpCases} over both transports {@code kanal.connectors.http-transport} chooses from. */
class ChannelHttpTest {

    @Nested
    class OverJavaNetHttp extends ChannelHttpCases {
        @Override
        ChannelTransport transport(Duration connectTimeout) {
            return JdkChannelTransport.of(connectTimeout);
        }
    }

    @Nested
    class OverCamelHttp extends ChannelHttpCases {
        private CamelContext camel;

        @BeforeEach
        void startCamel() {
            camel = new DefaultCamelContext();
            camel.start();
        }

        @AfterEach
        void stopCamel() throws Exception {
            camel.close();
        }

        @Override
        ChannelTransport transport(Duration connectTimeout) {
            return new CamelChannelTransport(() -> camel, connectTimeout, Clock.systemUTC());
        }

        @Test
        void theEndpointSaysTheTimeoutsAndTheTrustAndNotThePath() throws Exception {
            CamelChannelTransport transport = new CamelChannelTransport(() -> camel, Duration.ofSeconds(3), Clock.systemUTC());
            TlsTrust privateCa = new TlsTrust("shop-ca", SSLContext.getDefault());

            String endpoint = transport.endpointUri(URI.create("https://shop.example:8443/wp-json/wc/v3/products?page=2"),
                    privateCa, Duration.ofSeconds(30));

            assertThat(endpoint).startsWith("https://shop.example:8443?connectTimeout=3000&responseTimeout=30000&soTimeout=30000")
                    .contains("throwExceptionOnFailure=false", "followRedirects=false", "httpClientConfigurer=#channelHttpClient")
                    .containsPattern("sslContextParameters=#channelTrust-shop-ca-\\d+$")
                    .doesNotContain("wp-json", "page=2");
            assertThat(transport.endpointUri(URI.create("http://127.0.0.1/x"), TlsTrust.JVM_DEFAULT, Duration.ofSeconds(30)))
                    .startsWith("http://127.0.0.1:80?").doesNotContain("sslContextParameters");
        }
    }
}
