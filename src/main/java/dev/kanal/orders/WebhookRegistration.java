package dev.kanal.orders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ChannelType;
import dev.kanal.connector.woocommerce.WooCommerceOrders;
import dev.kanal.ops.health.HealthRecorder;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Registers Kanal's order webhooks on a WooCommerce shop through its REST API: one per topic
 * ({@code order.created}, {@code order.updated}) pointing at
 * {@code <public-url>/webhooks/woocommerce/<client>/<account>}, with the account's secret.
 * Idempotent: a webhook that already points there is kept (made active, secret set again, since
 * a secret cannot be read back), never created twice.
 *
 * <p>A registration must not lie: a shop that is not on this machine cannot deliver to
 * {@code localhost}, so registering on it needs {@code KANAL_PUBLIC_URL} set to an address that is
 * not loopback. Only a shop on loopback (the sandboxes, a shop on the same host) may use Kanal's
 * local address. The registration time is recorded for the account's health, next to the time
 * of its last verified delivery.
 */
public class WebhookRegistration {

    static final List<String> TOPICS = List.of("order.created", "order.updated");

    /** What happened to one topic's webhook: created, or kept (already there). */
    public record Registered(String topic, long webhookId, String action, String deliveryUrl) {
    }

    /** Registering would give the shop an address it cannot reach (answered 400, naming KANAL_PUBLIC_URL). */
    public static class PublicUrlRequiredException extends IllegalArgumentException {
        PublicUrlRequiredException(String message) {
            super(message);
        }
    }

    private final ChannelAccounts accounts;
    private final WooCommerceOrders woo;
    private final HealthRecorder health;
    /** KANAL_PUBLIC_URL without a trailing slash; null when it is not set. */
    private final String publicUrl;
    private final Supplier<String> localUrl;

    /**
     * @param publicUrl Kanal's address as shops reach it (KANAL_PUBLIC_URL); null or blank when not set
     * @param localUrl  Kanal's own local address, used for shops on loopback when no public URL is set
     */
    public WebhookRegistration(ChannelAccounts accounts, WooCommerceOrders woo, HealthRecorder health, String publicUrl,
                               Supplier<String> localUrl) {
        this.accounts = accounts;
        this.woo = woo;
        this.health = health;
        this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : withoutSlash(publicUrl.trim());
        this.localUrl = localUrl;
    }

    public List<Registered> register(AccountRef ref) {
        ChannelAccountConfig config = accounts.config(ref);
        if (config.type() != ChannelType.WOOCOMMERCE) {
            throw new IllegalArgumentException(ref.client() + "/" + ref.account() + " is a " + config.type()
                    + " account; only WooCommerce shops send webhooks");
        }
        if (config.webhookSecret() == null) {
            throw new IllegalArgumentException(ref.client() + "/" + ref.account()
                    + " has no webhook-secret in its client file: set one before registering webhooks");
        }
        String deliveryUrl = deliveryUrl(ref, config.baseUrl());
        List<JsonNode> existing = woo.webhooks(accounts.connection(ref));
        List<Registered> result = new ArrayList<>();
        for (String topic : TOPICS) {
            JsonNode hook = existing.stream()
                    .filter(h -> topic.equals(h.path("topic").asText()) && deliveryUrl.equals(h.path("delivery_url").asText()))
                    .findFirst().orElse(null);
            if (hook == null) {
                JsonNode created = woo.createWebhook(accounts.connection(ref), "Kanal " + topic, topic, deliveryUrl,
                        config.webhookSecret());
                result.add(new Registered(topic, created.path("id").asLong(), "created", deliveryUrl));
            } else {
                woo.activateWebhook(accounts.connection(ref), hook.path("id").asLong(), config.webhookSecret());
                result.add(new Registered(topic, hook.path("id").asLong(), "kept", deliveryUrl));
            }
        }
        health.webhookRegistered(ref.client(), ref.account());
        return result;
    }

    /**
     * Where the shop at {@code shopUrl} is to deliver the account's webhooks.
     *
     * @throws PublicUrlRequiredException when that address would be one the shop cannot reach
     */
    public String deliveryUrl(AccountRef ref, String shopUrl) {
        boolean shopOnLoopback = isLoopback(shopUrl);
        if (publicUrl == null && !shopOnLoopback) {
            throw new PublicUrlRequiredException("Registering webhooks for " + ref.client() + "/" + ref.account() + " (shop at "
                    + origin(shopUrl) + ") needs KANAL_PUBLIC_URL: the address the shop reaches Kanal at, e.g. "
                    + "https://kanal.example.com. Without it Kanal would register " + localUrl.get()
                    + ", which a shop on another machine cannot reach.");
        }
        if (publicUrl != null && !shopOnLoopback && isLoopback(publicUrl)) {
            throw new PublicUrlRequiredException("KANAL_PUBLIC_URL is " + publicUrl + ", a loopback address the shop of "
                    + ref.client() + "/" + ref.account() + " at " + origin(shopUrl)
                    + " cannot reach: set KANAL_PUBLIC_URL to the address the shop reaches Kanal at");
        }
        String base = publicUrl != null ? publicUrl : withoutSlash(localUrl.get());
        return base + "/webhooks/woocommerce/" + ref.client() + "/" + ref.account();
    }

    /** Whether the URL's host is this machine: localhost, 127.0.0.0/8 or ::1 (names are not resolved). */
    public static boolean isLoopback(String url) {
        String host;
        try {
            host = URI.create(url.trim()).getHost();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.equals("localhost") || host.endsWith(".localhost") || host.matches("127(\\.\\d{1,3}){3}")
                || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
    }

    /** Scheme, host and port only: a shop's path may carry nothing secret, but the message needs no more. */
    private static String origin(String url) {
        try {
            URI uri = URI.create(url.trim());
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "(an unreadable URL)";
        }
    }

    private static String withoutSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
