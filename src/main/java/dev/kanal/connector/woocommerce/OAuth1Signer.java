package dev.kanal.connector.woocommerce;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a request with OAuth 1.0a "one-legged" (consumer key and secret, no token), the way
 * WooCommerce authenticates requests over plain HTTP: the {@code oauth_*} parameters go in the
 * query string, {@code oauth_version} is left out, the signature is an HMAC over
 * {@code METHOD&enc(url)&enc(sorted parameters)} keyed with {@code consumerSecret&}. The body is
 * not signed.
 */
public final class OAuth1Signer {

    /** The signature methods WooCommerce accepts. */
    public enum SignatureMethod {
        HMAC_SHA1("HMAC-SHA1", "HmacSHA1"),
        HMAC_SHA256("HMAC-SHA256", "HmacSHA256");

        private final String oauthName;
        private final String jcaName;

        SignatureMethod(String oauthName, String jcaName) {
            this.oauthName = oauthName;
            this.jcaName = jcaName;
        }

        public String oauthName() {
            return oauthName;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] NONCE_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private final String consumerKey;
    private final String consumerSecret;
    private final SignatureMethod method;
    private final Clock clock;
    private final Supplier<String> nonces;

    public OAuth1Signer(String consumerKey, String consumerSecret, SignatureMethod method) {
        this(consumerKey, consumerSecret, method, Clock.systemUTC(), OAuth1Signer::randomNonce);
    }

    /** With a fixed clock and nonce source, for tests. */
    OAuth1Signer(String consumerKey, String consumerSecret, SignatureMethod method, Clock clock,
            Supplier<String> nonces) {
        this.consumerKey = consumerKey;
        this.consumerSecret = consumerSecret;
        this.method = method;
        this.clock = clock;
        this.nonces = nonces;
    }

    /** The request URI with {@code oauth_*} parameters, including the signature, added to its query. */
    public URI sign(String httpMethod, URI uri) {
        List<Map.Entry<String, String>> oauth = List.of(
                Map.entry("oauth_consumer_key", consumerKey),
                Map.entry("oauth_nonce", nonces.get()),
                Map.entry("oauth_signature_method", method.oauthName()),
                Map.entry("oauth_timestamp", Long.toString(clock.instant().getEpochSecond())));
        List<Map.Entry<String, String>> all = new ArrayList<>(queryParameters(uri.getRawQuery()));
        all.addAll(oauth);
        String signature = signature(baseString(httpMethod, uri, all));

        StringBuilder query = new StringBuilder();
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            query.append(uri.getRawQuery()).append('&');
        }
        for (Map.Entry<String, String> p : oauth) {
            query.append(encode(p.getKey())).append('=').append(encode(p.getValue())).append('&');
        }
        query.append("oauth_signature=").append(encode(signature));
        return URI.create(baseUrl(uri) + "?" + query);
    }

    /**
     * The signature base string: upper-case method, the encoded base URL (scheme and host in
     * lower case, default port left out, no query) and the encoded, sorted parameters.
     */
    static String baseString(String httpMethod, URI uri, List<Map.Entry<String, String>> parameters) {
        List<String> pairs = new ArrayList<>();
        parameters.stream()
                .map(p -> Map.entry(encode(p.getKey()), encode(p.getValue())))
                .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
                .forEach(p -> pairs.add(p.getKey() + "=" + p.getValue()));
        return httpMethod.toUpperCase(Locale.ROOT) + "&" + encode(baseUrl(uri)) + "&" + encode(String.join("&", pairs));
    }

    String signature(String baseString) {
        try {
            Mac mac = Mac.getInstance(method.jcaName);
            mac.init(new SecretKeySpec((consumerSecret + "&").getBytes(StandardCharsets.UTF_8), method.jcaName));
            return Base64.getEncoder().encodeToString(mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(method.oauthName() + " is not available", e);
        }
    }

    static String baseUrl(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
    }

    /** Decoded query parameters, in order; {@code +} is a space, as servers read it. */
    static List<Map.Entry<String, String>> queryParameters(String rawQuery) {
        List<Map.Entry<String, String>> parameters = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            parameters.add(Map.entry(decode(key), decode(value)));
        }
        return parameters;
    }

    /** RFC 3986 percent-encoding: everything but {@code A-Z a-z 0-9 - . _ ~}, as UTF-8 bytes. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String decode(String value) {
        return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String randomNonce() {
        char[] nonce = new char[32];
        for (int i = 0; i < nonce.length; i++) {
            nonce[i] = NONCE_CHARS[RANDOM.nextInt(NONCE_CHARS.length)];
        }
        return new String(nonce);
    }

    @Override
    public String toString() {
        return "OAuth1Signer[" + method.oauthName() + ", secret=***]";
    }
}
