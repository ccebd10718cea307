package dev.kanal.client.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One account of a client on one sales channel, with everything that decides what Kanal pushes
 * to it and how it reads its orders (see DESIGN.md, "Calculated quantity"). {@link #toString()}
 * masks credential values and the webhook secret.
 *
 * <p>Components that have a default are never null once constructed.
 *
 * @param id                account id, unique within the client (e.g. {@code backmarket-fr})
 * @param type              which channel API this account talks to
 * @param baseUrl           the channel API's base URL; a sandbox URL in tests and demos
 * @param credentials       API credentials by key; the keys each type needs are
 *                          {@link ChannelType#requiredCredentials()}; values are normally
 *                          {@code ${ENV_VAR}} placeholders
 * @param settings          channel-specific settings that are not secret (say, a BaseLinker
 *                          account's catalog and statuses), by key; the keys each type reads are
 *                          {@link ChannelType#settings()}, and {@code validate} reports others
 * @param mappingMode       whether listings map to SKUs or to variations
 * @param organizationType  whether an imported order's customer is the shipping name or the channel
 * @param statusMap         channel order status (as the channel spells it) to internal status
 * @param warehouses        W(a): warehouse codes counted for this account; each a fulfilment centre
 * @param inventoryStatuses S(a): inventory status codes counted for this account; each declared by
 *                          the client
 * @param buffer            units held back from this channel (default 0)
 * @param maxQuantity       most units ever shown on this channel; null = no cap
 * @param importOrders      whether orders are imported from this account (default true)
 * @param callsPerMinute    outbound request budget for this account (default 60)
 * @param splitAllocation   whether one order line may be allocated from several warehouses
 *                          (default false)
 * @param refuseOversold    whether an order that cannot be allocated is refused on the channel
 *                          instead of being held for an operator (default false)
 * @param erpPush           when orders are written to the source (default on-paid)
 * @param webhookSecret     HMAC secret verifying this account's webhooks; null = no webhooks
 * @param trustBundle       name of the Spring Boot SSL bundle ({@code spring.ssl.bundle.pem.<name>} or
 *                          {@code spring.ssl.bundle.jks.<name>}) whose truststore this account's HTTPS
 *                          calls trust, for a channel behind a private CA; null = the JVM's default trust
 * @param mode              live (the default) or dry-run: a dry-run account is imported, mapped and
 *                          calculated but nothing is written to it and its orders are not imported
 * @param pricing           the account's price rule; null = Kanal pushes no prices to it
 * @param productsOut       which source products Kanal offers to this account (default off): created
 *                          as a draft or inventory product, or matched to the channel's catalogue
 */
public record ChannelAccountConfig(
        @NotBlank
        @Pattern(regexp = ClientConfig.CODE_PATTERN, message = ClientConfig.CODE_MESSAGE)
        String id,
        @NotNull ChannelType type,
        @NotBlank @HttpUrl String baseUrl,
        Map<@NotBlank String, @NotBlank String> credentials,
        Map<@NotBlank String, @NotNull String> settings,
        @NotNull MappingMode mappingMode,
        @NotNull OrganizationType organizationType,
        Map<@NotBlank String, @NotNull MappedStatus> statusMap,
        @NotEmpty List<@NotBlank String> warehouses,
        @NotEmpty List<@NotBlank String> inventoryStatuses,
        @Min(0) Integer buffer,
        @Min(0) Integer maxQuantity,
        Boolean importOrders,
        @Min(1) @Max(10_000) Integer callsPerMinute,
        Boolean splitAllocation,
        Boolean refuseOversold,
        ErpPush erpPush,
        String webhookSecret,
        @Pattern(regexp = TRUST_BUNDLE_PATTERN, message = TRUST_BUNDLE_MESSAGE) String trustBundle,
        AccountMode mode,
        @jakarta.validation.Valid PricingConfig pricing,
        ProductsOut productsOut) {

    public static final int DEFAULT_CALLS_PER_MINUTE = 60;
    /**
     * Trust bundle names: what an environment variable can declare
     * ({@code SPRING_SSL_BUNDLE_PEM_SHOPCA_...} names the bundle {@code shopca}) and YAML can too.
     */
    static final String TRUST_BUNDLE_PATTERN = "^[a-z0-9][a-z0-9-]*$";
    static final String TRUST_BUNDLE_MESSAGE =
            "must be a Spring Boot SSL bundle name of lower-case letters, digits or '-' (e.g. shop-ca)";

    public ChannelAccountConfig {
        credentials = Lists.copy(credentials);
        settings = Lists.copy(settings);
        statusMap = Lists.copy(statusMap);
        warehouses = Lists.copy(warehouses);
        inventoryStatuses = Lists.copy(inventoryStatuses);
        buffer = buffer == null ? Integer.valueOf(0) : buffer;
        importOrders = importOrders == null ? Boolean.TRUE : importOrders;
        callsPerMinute = callsPerMinute == null ? Integer.valueOf(DEFAULT_CALLS_PER_MINUTE) : callsPerMinute;
        splitAllocation = splitAllocation == null ? Boolean.FALSE : splitAllocation;
        refuseOversold = refuseOversold == null ? Boolean.FALSE : refuseOversold;
        erpPush = erpPush == null ? ErpPush.ON_PAID : erpPush;
        webhookSecret = webhookSecret == null || webhookSecret.isBlank() ? null : webhookSecret;
        mode = mode == null ? AccountMode.LIVE : mode;
        productsOut = productsOut == null ? ProductsOut.OFF : productsOut;
    }

    /** An account without a price rule or products out (the constructor before either existed). */
    public ChannelAccountConfig(String id, ChannelType type, String baseUrl, Map<String, String> credentials,
            Map<String, String> settings, MappingMode mappingMode, OrganizationType organizationType,
            Map<String, MappedStatus> statusMap, List<String> warehouses, List<String> inventoryStatuses, Integer buffer,
            Integer maxQuantity, Boolean importOrders, Integer callsPerMinute, Boolean splitAllocation, Boolean refuseOversold,
            ErpPush erpPush, String webhookSecret, String trustBundle, AccountMode mode) {
        this(id, type, baseUrl, credentials, settings, mappingMode, organizationType, statusMap, warehouses, inventoryStatuses,
                buffer, maxQuantity, importOrders, callsPerMinute, splitAllocation, refuseOversold, erpPush, webhookSecret,
                trustBundle, mode, null, null);
    }

    /** Whether Kanal pushes prices to this account: it has a price rule. */
    public boolean pricesPushed() {
        return pricing != null;
    }

    /** Whether Kanal may write to this account (push stock, acknowledge, ship...): not in dry-run. */
    public boolean live() {
        return mode == AccountMode.LIVE;
    }

    /** Whether Kanal imports this account's orders: it is asked to, and the account is live. */
    public boolean ordersImported() {
        return importOrders && live();
    }

    /** The internal status for a channel order status, empty when the status map does not name it. */
    public Optional<MappedStatus> mappedStatus(String channelStatus) {
        return Optional.ofNullable(statusMap.get(channelStatus));
    }

    /**
     * A credential value.
     *
     * @throws IllegalStateException naming the account and key (never a value) when it is not set
     */
    public String credential(String key) {
        String value = credentials.get(key);
        if (value == null) {
            throw new IllegalStateException("channel account '" + id + "' has no credential '" + key + "'");
        }
        return value;
    }

    /** A setting's value, empty when the account does not set it or sets it blank. */
    public Optional<String> setting(String key) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    @Override
    public String toString() {
        return "ChannelAccountConfig[id=" + id
                + ", type=" + type
                + ", baseUrl=" + Secrets.maskUrl(baseUrl)
                + ", credentials=" + Secrets.maskValues(credentials)
                + ", settings=" + settings
                + ", mappingMode=" + mappingMode
                + ", organizationType=" + organizationType
                + ", statusMap=" + statusMap
                + ", warehouses=" + warehouses
                + ", inventoryStatuses=" + inventoryStatuses
                + ", buffer=" + buffer
                + ", maxQuantity=" + maxQuantity
                + ", importOrders=" + importOrders
                + ", callsPerMinute=" + callsPerMinute
                + ", splitAllocation=" + splitAllocation
                + ", refuseOversold=" + refuseOversold
                + ", erpPush=" + erpPush
                + ", webhookSecret=" + Secrets.mask(webhookSecret)
                + ", trustBundle=" + trustBundle
                + ", mode=" + mode
                + ", pricing=" + pricing
                + ", productsOut=" + productsOut + "]";
    }
}
