package dev.kanal.invoices;

import dev.kanal.connector.OutgoingInvoice;
import dev.kanal.orders.WebhookRegistration;
import dev.kanal.support.PermanentFailure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring download links for invoice PDFs (docs/decisions/0024):
 * {@code <base>/documents/invoices/<id>.pdf?expires=<epoch seconds>&signature=<s>}, where
 * {@code s} is the unpadded base64url HMAC-SHA256 of {@code invoice:<id>:<expires>} under the
 * link key. Kanal serves them without a login ({@link InvoiceDocumentController}); whoever holds
 * a link until it expires can read that one document, nobody can make a link for another.
 *
 * <p>The base is {@code kanal.public-url} (KANAL_PUBLIC_URL); without it, only a shop on this
 * machine (the sandboxes) gets links, to Kanal's local address, as for webhooks.
 */
public class InvoiceLinks {

    static final String PATH = "/documents/invoices/";
    private static final String HMAC = "HmacSHA256";

    /** What a link's check found. */
    public enum Check { VALID, EXPIRED, BAD_SIGNATURE }

    /** A shop that is not on this machine needs KANAL_PUBLIC_URL for its customers to reach the link. */
    public static class PublicUrlRequiredException extends RuntimeException implements PermanentFailure {
        PublicUrlRequiredException(String message) {
            super(message);
        }
    }

    private final Supplier<byte[]> key;
    private final String publicUrl;
    private final Supplier<String> localUrl;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * @param key       the signing key (KANAL_INVOICE_LINK_SECRET, else the one kept in the database)
     * @param publicUrl Kanal's address as customers reach it; null or blank when not set
     * @param localUrl  Kanal's own local address, for shops on loopback when no public URL is set
     * @param lifetime  how long a link works after it was made
     */
    public InvoiceLinks(Supplier<byte[]> key, String publicUrl, Supplier<String> localUrl, Duration lifetime, Clock clock) {
        this.key = key;
        this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : withoutSlash(publicUrl.trim());
        this.localUrl = localUrl;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /**
     * A link to invoice {@code invoiceId} for the customers of the shop at {@code shopUrl}, working
     * for the configured lifetime from now.
     *
     * @throws PublicUrlRequiredException the shop is not on this machine and no public URL is set
     */
    public OutgoingInvoice.Link link(long invoiceId, String shopUrl) {
        String base;
        if (publicUrl != null) {
            base = publicUrl;
        } else if (WebhookRegistration.isLoopback(shopUrl)) {
            base = withoutSlash(localUrl.get());
        } else {
            throw new PublicUrlRequiredException("An invoice link for the customers of the shop at " + origin(shopUrl)
                    + " needs KANAL_PUBLIC_URL: the address customers reach Kanal at, e.g. https://kanal.example.com");
        }
        Instant expires = clock.instant().plus(lifetime);
        long epoch = expires.getEpochSecond();
        return new OutgoingInvoice.Link(base + PATH + invoiceId + ".pdf?expires=" + epoch + "&signature=" + sign(invoiceId, epoch),
                Instant.ofEpochSecond(epoch));
    }

    /** Whether a link's {@code expires} and {@code signature} are the ones Kanal made for this invoice, and still good. */
    public Check check(long invoiceId, String expires, String signature) {
        long epoch;
        try {
            epoch = Long.parseLong(expires == null ? "" : expires.trim());
        } catch (NumberFormatException e) {
            return Check.BAD_SIGNATURE;
        }
        byte[] given = (signature == null ? "" : signature.trim()).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = sign(invoiceId, epoch).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, expected)) {
            return Check.BAD_SIGNATURE;
        }
        return clock.instant().getEpochSecond() >= epoch ? Check.EXPIRED : Check.VALID;
    }

    String sign(long invoiceId, long expiresEpoch) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key.get(), HMAC));
            byte[] digest = mac.doFinal(("invoice:" + invoiceId + ":" + expiresEpoch).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static String origin(String url) {
        try {
            URI uri = URI.create(url.trim());
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (RuntimeException e) {
            return "(unreadable URL)";
        }
    }

    private static String withoutSlash(String url) {
        String base = url;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }
}
