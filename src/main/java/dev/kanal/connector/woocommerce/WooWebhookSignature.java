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
 * received (never re-serialised JSON), compared in constant time so the answer time tells an
 * attacker nothing about how much of a forged signature was right.
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
        if (body == null || signature == null || signature.isBlank() || secret == null || secret.isEmpty()) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature.trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(hmac(body, secret), given);
    }

    private static byte[] hmac(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
