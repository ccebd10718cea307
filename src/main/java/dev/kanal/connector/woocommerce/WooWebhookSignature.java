package dev.kanal.connector.woocommerce;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * WooCommerce's webhook signature: {@code X-WC-Webhook-Signature} is base64 of the raw
 * HMAC-SHA256 of the body bytes, keyed with the webhook's secret. Verified over the bytes as
 * received (never re-serialised JSON), as they arrive when the body is read as a stream
 * ({@link #mac}), and compared in constant time so the answer time tells an attacker nothing
 * about how much of a forged signature was right.
 */
public final class WooWebhookSignature {

    private WooWebhookSignature() {
    }

    /** The signature WooCommerce sends for this body and secret. */
    public static String sign(byte[] body, String secret) {
        return Base64.getEncoder().encodeToString(hmac(body, secret));
    }

    /** True only when {@code signature} is the base64 HMAC-SHA256 of {@code body} under {@code secret}. */
    public static boolean verify(byte[] body, String signature, String secret) {
        if (body == null || secret == null || secret.isEmpty()) {
            return false;
        }
        return matches(hmac(body, secret), signature);
    }

    /**
     * A MAC keyed with the webhook's secret, for a body read as a stream: feed it each piece as it
     * arrives, then compare its {@code doFinal()} with {@link #matches}.
     *
     * @throws IllegalArgumentException when the secret is empty
     */
    public static Mac mac(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a webhook secret is needed");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** True only when {@code signature} is the base64 of {@code computed}, compared in constant time. */
    public static boolean matches(byte[] computed, String signature) {
        if (computed == null || signature == null || signature.isBlank()) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature.trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(computed, given);
    }

    private static byte[] hmac(byte[] body, String secret) {
        return mac(secret).doFinal(body);
    }
}
