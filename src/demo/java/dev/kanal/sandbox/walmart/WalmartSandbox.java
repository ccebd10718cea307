package dev.kanal.sandbox.walmart;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The Walmart sandbox's state: one {@link WalmartSeller} per client id, and the access tokens it
 * issued. A client id becomes a seller, with the secret it was named with, the first time the
 * control API names it ({@code Authorization: Basic base64(clientId:clientSecret)}, as the token
 * call does); the token endpoint answers 401 to any other pair.
 */
@Component
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class WalmartSandbox {

    private final ConcurrentMap<String, WalmartSeller> sellers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Issued> tokens = new ConcurrentHashMap<>();
    private final WalmartCatalogue catalogue = new WalmartCatalogue();
    /** Purchase and customer order ids are unique across sellers and sandboxes of this JVM. */
    private static final AtomicLong ORDER_IDS = new AtomicLong(1_815_367_000_000L + (System.currentTimeMillis() % 1_000_000) * 100);

    /** A token: whose, and until when (epoch ms). */
    record Issued(WalmartSeller seller, long expiresAt) {
    }

    /** Walmart.com's catalogue, the same for every seller. */
    WalmartCatalogue catalogue() {
        return catalogue;
    }

    long nextOrderId() {
        return ORDER_IDS.getAndAdd(7);
    }

    /** The seller of a Basic client-credentials header when the id and secret match a known seller. */
    Optional<WalmartSeller> byCredentials(String authorization) {
        return credentials(authorization).flatMap(pair -> {
            WalmartSeller seller = sellers.get(pair[0]);
            return seller != null && seller.clientSecret().equals(pair[1]) ? Optional.of(seller) : Optional.empty();
        });
    }

    /** The seller for a control request's credentials, created on first use. */
    WalmartSeller sellerForControl(String authorization) {
        String[] pair = credentials(authorization).orElseThrow(() -> WalmartSandboxError.badRequest("MISSING_REQUEST_HEADER",
                "Authorization", "Control requests name the seller like the token call: Authorization: Basic base64(clientId:clientSecret)"));
        WalmartSeller seller = sellers.computeIfAbsent(pair[0], id -> new WalmartSeller(id, pair[1], this));
        if (!seller.clientSecret().equals(pair[1])) {
            throw WalmartSandboxError.unauthorized("client secret does not match the seller's");
        }
        return seller;
    }

    /** A new token for the seller, living the seller's token lifetime. */
    Issued issue(WalmartSeller seller, String token) {
        Issued issued = new Issued(seller, System.currentTimeMillis() + seller.tokenTtlSeconds() * 1000L);
        tokens.put(token, issued);
        return issued;
    }

    static String newToken() {
        return "wm-sbx-" + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    }

    /** The token's entry, expired or not; empty when never issued (or revoked). */
    Optional<Issued> token(String token) {
        return token == null ? Optional.empty() : Optional.ofNullable(tokens.get(token));
    }

    /** Forgets every token of the seller: its next data call answers 401. */
    void revokeTokens(WalmartSeller seller) {
        tokens.values().removeIf(issued -> issued.seller() == seller);
    }

    static Optional<String[]> credentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon <= 0 ? Optional.empty() : Optional.of(new String[] {pair.substring(0, colon), pair.substring(colon + 1)});
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
