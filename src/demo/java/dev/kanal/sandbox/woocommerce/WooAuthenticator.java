package dev.kanal.sandbox.woocommerce;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * WooCommerce's REST authentication ({@code WC_REST_Authentication}), for a sandbox that cannot
 * tell HTTP from HTTPS behind a proxy and so accepts both ways on either: Basic auth (or
 * {@code consumer_key}/{@code consumer_secret} in the query), and OAuth 1.0a one-legged with its
 * parameters in the query or an {@code Authorization: OAuth} header.
 */
final class WooAuthenticator {

    static final String AUTH_ERROR = "woocommerce_rest_authentication_error";
    private static final Pattern OAUTH_HEADER = Pattern.compile("(oauth_[a-z_-]*)=(:?\"([^\"]*)\"|([^,]*))");
    private static final List<String> OAUTH_REQUIRED = List.of(
            "oauth_consumer_key", "oauth_timestamp", "oauth_nonce", "oauth_signature", "oauth_signature_method");

    private final Function<String, WooShop> shops;
    private final Clock clock;

    WooAuthenticator(Function<String, WooShop> shops, Clock clock) {
        this.shops = shops;
        this.clock = clock;
    }

    /** The consumer key the request names, verified or not (for faults and statistics), or null. */
    static String consumerKey(WooRequest request) {
        String key = request.query().get("consumer_key");
        if (key != null && !key.isEmpty()) {
            return key;
        }
        String[] basic = basic(request.authorization());
        if (basic != null) {
            return basic[0];
        }
        return oauthParameters(request).get("oauth_consumer_key");
    }

    /** The authenticated shop; null when the request carries no credentials at all; 401 when they are wrong. */
    WooShop authenticate(WooRequest request) {
        String key = request.query().get("consumer_key");
        String secret = request.query().get("consumer_secret");
        if (isEmpty(key) || isEmpty(secret)) {
            String[] basic = basic(request.authorization());
            key = basic == null ? null : basic[0];
            secret = basic == null ? null : basic[1];
        }
        if (!isEmpty(key) && !isEmpty(secret)) {
            WooShop shop = shop(key);
            if (!constantTimeEquals(shop.consumerSecret(), secret)) {
                throw new WooError(401, AUTH_ERROR, "Consumer secret is invalid.");
            }
            return shop;
        }
        return oauth(request);
    }

    /** A key's permissions, checked after authentication as WooCommerce does. */
    static void checkPermission(WooShop shop, String method) {
        String permissions = shop.permissions();
        boolean read = "read".equals(permissions) || "read_write".equals(permissions);
        boolean write = "write".equals(permissions) || "read_write".equals(permissions);
        switch (method) {
            case "GET", "HEAD" -> {
                if (!read) {
                    throw new WooError(401, AUTH_ERROR, "The API key provided does not have read permissions.");
                }
            }
            case "POST", "PUT", "PATCH", "DELETE" -> {
                if (!write) {
                    throw new WooError(401, AUTH_ERROR, "The API key provided does not have write permissions.");
                }
            }
            case "OPTIONS" -> {
            }
            default -> throw new WooError(401, AUTH_ERROR, "Unknown request method.");
        }
    }

    private WooShop oauth(WooRequest request) {
        Map<String, String> params = new LinkedHashMap<>(request.query());
        params.putAll(oauthHeader(request.authorization()));
        List<String> missing = new ArrayList<>();
        for (String name : OAUTH_REQUIRED) {
            if (isEmpty(params.get(name))) {
                missing.add(name);
            }
        }
        if (missing.size() == OAUTH_REQUIRED.size()) {
            return null; // not even trying OAuth: no credentials
        }
        if (!missing.isEmpty()) {
            throw new WooError(401, "woocommerce_rest_authentication_missing_parameter",
                    (missing.size() == 1 ? "Missing OAuth parameter " : "Missing OAuth parameters ") + String.join(", ", missing));
        }
        WooShop shop = shop(params.get("oauth_consumer_key"));
        checkSignature(request, shop, params);
        long timestamp;
        try {
            timestamp = Long.parseLong(params.get("oauth_timestamp").trim());
        } catch (NumberFormatException e) {
            throw new WooError(401, AUTH_ERROR, "Invalid timestamp.");
        }
        long now = clock.instant().getEpochSecond();
        if (timestamp < now - WooShop.OAUTH_WINDOW_SECONDS || timestamp > now + WooShop.OAUTH_WINDOW_SECONDS) {
            throw new WooError(401, AUTH_ERROR, "Invalid timestamp.");
        }
        if (!shop.useNonce(params.get("oauth_nonce"))) {
            throw new WooError(401, AUTH_ERROR, "Invalid nonce - nonce has already been used.");
        }
        return shop;
    }

    /** WooCommerce's check_oauth_signature: METHOD&enc(url)&enc(sorted, encoded k=v), key "secret&". */
    private static void checkSignature(WooRequest request, WooShop shop, Map<String, String> params) {
        String given = rawUrlDecode(params.get("oauth_signature").replace(' ', '+'));
        Map<String, String> signed = new TreeMap<>(params); // strcmp order of the names
        signed.remove("oauth_signature");
        List<String> pairs = new ArrayList<>();
        signed.forEach((name, value) -> pairs.add(encode(encode(name) + "=" + encode(value))));
        String base = request.method() + "&" + encode(request.url()) + "&" + String.join("%26", pairs);

        String method = params.get("oauth_signature_method");
        String algorithm = switch (method) {
            case "HMAC-SHA1" -> "HmacSHA1";
            case "HMAC-SHA256" -> "HmacSHA256";
            default -> throw new WooError(401, AUTH_ERROR, "Invalid signature - signature method is invalid.");
        };
        String expected;
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec((shop.consumerSecret() + "&").getBytes(StandardCharsets.UTF_8), algorithm));
            expected = Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        if (!constantTimeEquals(expected, given)) {
            throw new WooError(401, AUTH_ERROR, "Invalid signature - provided signature does not match.");
        }
    }

    private WooShop shop(String key) {
        WooShop shop = shops.apply(key);
        if (shop == null) {
            throw new WooError(401, AUTH_ERROR, "Consumer key is invalid.");
        }
        return shop;
    }

    private static Map<String, String> oauthParameters(WooRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        request.query().forEach((name, value) -> {
            if (name.startsWith("oauth_")) {
                params.put(name, value);
            }
        });
        params.putAll(oauthHeader(request.authorization()));
        return params;
    }

    /** The oauth_* parameters of an {@code Authorization: OAuth ...} header, as WooCommerce parses them. */
    static Map<String, String> oauthHeader(String authorization) {
        Map<String, String> params = new LinkedHashMap<>();
        if (authorization == null || !authorization.trim().startsWith("OAuth ")) {
            return params;
        }
        Matcher matcher = OAUTH_HEADER.matcher(authorization.trim());
        while (matcher.find()) {
            String value = matcher.group(3) != null && !matcher.group(3).isEmpty() ? matcher.group(3) : matcher.group(4);
            params.put(matcher.group(1), java.net.URLDecoder.decode(value == null ? "" : value, StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String[] basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** RFC 3986 percent-encoding, as wc_rest_urlencode_rfc3986 (rawurlencode). */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append(String.format("%%%02X", c));
            }
        }
        return out.toString();
    }

    /** PHP's rawurldecode: %XX only, '+' stays. */
    private static String rawUrlDecode(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length
                    && Character.digit(bytes[i + 1], 16) >= 0 && Character.digit(bytes[i + 2], 16) >= 0) {
                out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
