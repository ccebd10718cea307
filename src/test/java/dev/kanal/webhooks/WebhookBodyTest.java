package dev.kanal.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.connector.woocommerce.WooWebhookSignature;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Mac;
import org.junit.jupiter.api.Test;

class WebhookBodyTest {

    @Test
    void readsTheWholeBodyAndSignsItAsItArrives() throws IOException {
        byte[] body = "{\"id\":1}".repeat(5000).getBytes(StandardCharsets.UTF_8);
        for (long announced : new long[] {-1, body.length, 10}) {
            Mac mac = WooWebhookSignature.mac("secret");
            byte[] read = WebhookBody.read(new TrickleStream(body), announced, body.length, mac::update);
            assertThat(read).as("announced " + announced).isEqualTo(body);
            assertThat(WooWebhookSignature.matches(mac.doFinal(), WooWebhookSignature.sign(body, "secret"))).isTrue();
        }
    }

    @Test
    void stopsOneBytePastTheLimitWhateverTheBodyAnnounced() {
        byte[] body = new byte[1000];
        for (long announced : new long[] {-1, 10, 100}) {
            TrickleStream in = new TrickleStream(body);
            assertThatThrownBy(() -> WebhookBody.read(in, announced, 100, (b, o, l) -> { }))
                    .isInstanceOf(WebhookBodyTooLargeException.class).hasMessage("webhook body larger than 100 bytes");
            assertThat(in.consumed).as("read no further than the limit and one byte").isEqualTo(101);
        }
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() throws IOException {
        byte[] body = new byte[100];
        Arrays.fill(body, (byte) 'x');
        assertThat(WebhookBody.read(new ByteArrayInputStream(body), 100, 100, (b, o, l) -> { })).isEqualTo(body);
        assertThat(WebhookBody.read(new ByteArrayInputStream(new byte[0]), 0, 100, (b, o, l) -> { })).isEmpty();
    }

    @Test
    void readAtMostAnswersNullForALongerBody() throws IOException {
        assertThat(WebhookBody.readAtMost(new ByteArrayInputStream("webhook_id=7".getBytes(StandardCharsets.UTF_8)), 64))
                .asString(StandardCharsets.UTF_8).isEqualTo("webhook_id=7");
        assertThat(WebhookBody.readAtMost(new ByteArrayInputStream(new byte[65]), 64)).isNull();
    }

    /** Gives at most 7 bytes a read, as a network does, and counts what was taken. */
    private static final class TrickleStream extends InputStream {
        private final byte[] data;
        int consumed;

        TrickleStream(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return consumed < data.length ? data[consumed++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (consumed >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 7), data.length - consumed);
            System.arraycopy(data, consumed, b, off, n);
            consumed += n;
            return n;
        }
    }
}
