package dev.kanal.orders;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.SourceConfig;
import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.ChannelWebhooks;
import dev.kanal.connector.HttpStatusFailure;
import dev.kanal.connector.SourceConnector;
import dev.kanal.connector.SourceConnectors;
import dev.kanal.ops.health.HealthRecorder;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Registers Kanal's order webhooks on a channel account whose connector offers webhooks
 * ({@link ChannelWebhooks}: WooCommerce), pointing at Kanal's address plus the connector's
 * delivery path, with the account's secret. Calling it again creates nothing new.
 *
 * <p>A registration must not lie: a shop that is not on this machine cannot deliver to
 * {@code localhost}, so registering on it needs {@code KANAL_PUBLIC_URL} set to an address that is
 * not loopback. Only a shop on loopback (the sandboxes, a shop on the same host) may use Kanal's
 * local address. The registration time is recorded for the account's health, next to the time
 * of its last verified delivery.
 */
public class WebhookRegistration {

    /** Registering would give the shop an address it cannot reach (answered 400, naming KANAL_PUBLIC_URL). */
    public static class PublicUrlRequiredException extends IllegalArgumentException {
        PublicUrlRequiredException(String message) {
            super(message);
        }
    }

    /** The channel refused the registration (credentials, permissions, a failed ping). */
    public static class RegistrationRefusedException extends RuntimeException {
        RegistrationRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ChannelAccounts accounts;
    private final ChannelConnectors connectors;
    private final ClientRegistry clients;
    private final SourceConnectors sources;
    private final HealthRecorder health;
    /** KANAL_PUBLIC_URL without a trailing slash; null when it is not set. */
    private final String publicUrl;
    private final Supplier<String> localUrl;

    /**
     * @param publicUrl Kanal's address as shops reach it (KANAL_PUBLIC_URL); null or blank when not set
     * @param localUrl  Kanal's own local address, used for shops on loopback when no public URL is set
     */
    public WebhookRegistration(ChannelAccounts accounts, ChannelConnectors connectors, HealthRecorder health, String publicUrl,
                               Supplier<String> localUrl) {
        this(accounts, connectors, null, null, health, publicUrl, localUrl);
    }

    /** @param clients and {@code sources}: for the source's own webhooks ({@link #registerSource}) */
    public WebhookRegistration(ChannelAccounts accounts, ChannelConnectors connectors, ClientRegistry clients, SourceConnectors sources,
                               HealthRecorder health, String publicUrl, Supplier<String> localUrl) {
        this.accounts = accounts;
        this.connectors = connectors;
        this.clients = clients;
        this.sources = sources;
        this.health = health;
        this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : withoutSlash(publicUrl.trim());
        this.localUrl = localUrl;
    }

    public List<ChannelWebhooks.Registered> register(AccountRef ref) {
        ChannelAccountConfig config = accounts.config(ref);
        ChannelWebhooks webhooks = connectors.capability(config.type(), ChannelConnector::webhooks)
                .orElseThrow(() -> new IllegalArgumentException(ref.client() + "/" + ref.account() + " is a "
                        + ChannelConnectors.code(config.type()) + " account; Kanal registers webhooks only on "
                        + String.join(", ", connectors.typesOffering(ChannelConnector.Capability.WEBHOOKS)) + " accounts"));
        if (!config.live()) {
            throw new IllegalArgumentException(ref.client() + "/" + ref.account()
                    + " is in dry-run: Kanal registers no webhook on it until its client file says mode: live");
        }
        if (config.webhookSecret() == null) {
            throw new IllegalArgumentException(ref.client() + "/" + ref.account()
                    + " has no webhook-secret in its client file: set one before registering webhooks");
        }
        String deliveryUrl = deliveryUrl(ref, config.baseUrl(), webhooks.deliveryPath(ref.client(), ref.account()));
        List<ChannelWebhooks.Registered> result;
        try {
            result = webhooks.register(accounts.connection(ref), deliveryUrl, config.webhookSecret());
        } catch (RuntimeException e) {
            if (e instanceof HttpStatusFailure) {
                throw new RegistrationRefusedException(e.getMessage(), e);
            }
            throw e;
        }
        health.webhookRegistered(ref.client(), ref.account());
        return result;
    }

    /**
     * Registers the client's source's change webhooks (a WooCommerce shop's {@code product.updated})
     * at Kanal's address, with the source's webhook secret; the poll stays the safety net. Calling it
     * again creates nothing new.
     */
    public List<ChannelWebhooks.Registered> registerSource(String client) {
        SourceConfig source = clients.require(client).source();
        SourceConnector connector = sources.find(source.type()).filter(c -> c.webhookPath(client) != null)
                .orElseThrow(() -> new IllegalArgumentException(client + "'s source is " + source.type().name().toLowerCase(Locale.ROOT)
                        + ": Kanal registers source webhooks only on a woocommerce source"));
        if (source.webhookSecret() == null) {
            throw new IllegalArgumentException(client + "'s source has no webhook-secret in its client file: set one before"
                    + " registering webhooks");
        }
        String deliveryUrl = deliveryUrl(new AccountRef(client, "source"), source.baseUrl(), connector.webhookPath(client));
        try {
            return connector.registerWebhooks(client, source, deliveryUrl);
        } catch (RuntimeException e) {
            if (e instanceof HttpStatusFailure) {
                throw new RegistrationRefusedException(e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * Where the shop at {@code shopUrl} is to deliver the account's webhooks: Kanal's address and
     * the connector's {@code deliveryPath}.
     *
     * @throws PublicUrlRequiredException when that address would be one the shop cannot reach
     */
    public String deliveryUrl(AccountRef ref, String shopUrl, String deliveryPath) {
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
        return base + deliveryPath;
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
