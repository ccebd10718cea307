package dev.kanal.connector;

import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

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
    }
}
