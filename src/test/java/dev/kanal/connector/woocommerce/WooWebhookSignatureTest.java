package dev.kanal.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class WooWebhookSignatureTest {

    /** RFC 4231, test case 2: HMAC-SHA256 with key "Jefe". */
    private static final byte[] RFC_DATA = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
    private static final String RFC_MAC = Base64.getEncoder().encodeToString(
            HexFormat.of().parseHex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));

    @Test
    void signsAsBase64OfTheRawHmacSha256() {
        assertThat(WooWebhookSignature.sign(RFC_DATA, "Jefe")).isEqualTo(RFC_MAC);
        assertThat(WooWebhookSignature.verify(RFC_DATA, RFC_MAC, "Jefe")).isTrue();
    }

    @Test
    void refusesAWrongSecretATamperedBodyAndAForgedSignature() {
        assertThat(WooWebhookSignature.verify(RFC_DATA, RFC_MAC, "jefe")).isFalse();
        byte[] tampered = "what do ya want for nothing!".getBytes(StandardCharsets.US_ASCII);
        assertThat(WooWebhookSignature.verify(tampered, RFC_MAC, "Jefe")).isFalse();
        String forged = RFC_MAC.substring(0, RFC_MAC.length() - 4) + "AAA=";
        assertThat(WooWebhookSignature.verify(RFC_DATA, forged, "Jefe")).isFalse();
    }

    @Test
    void refusesMissingOrUnreadableSignaturesAndAMissingSecret() {
        assertThat(WooWebhookSignature.verify(RFC_DATA, null, "Jefe")).isFalse();
        assertThat(WooWebhookSignature.verify(RFC_DATA, "", "Jefe")).isFalse();
        assertThat(WooWebhookSignature.verify(RFC_DATA, "not base64 !!", "Jefe")).isFalse();
        assertThat(WooWebhookSignature.verify(RFC_DATA, RFC_MAC, null)).isFalse();
        assertThat(WooWebhookSignature.verify(null, RFC_MAC, "Jefe")).isFalse();
    }

    @Test
    void verifiesTheBytesAsReceivedNotReserialisedJson() {
        byte[] spaced = "{ \"id\": 7 }".getBytes(StandardCharsets.UTF_8);
        String signature = WooWebhookSignature.sign(spaced, "s3cret");
        assertThat(WooWebhookSignature.verify(spaced, signature, "s3cret")).isTrue();
        assertThat(WooWebhookSignature.verify("{\"id\":7}".getBytes(StandardCharsets.UTF_8), signature, "s3cret")).isFalse();
    }
}
