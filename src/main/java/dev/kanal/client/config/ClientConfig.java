package dev.kanal.client.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One client (tenant): its source system, fulfilment centres, inventory statuses and channel
 * accounts. Read from {@code clients/<id>.yaml} by {@link ClientConfigLoader}; YAML keys are the
 * kebab-case form of the component names ({@code channel-accounts}, {@code sku-unique}, ...).
 *
 * <p>Components that have a default are never null once constructed (absent or {@code ~} in YAML
 * means "the default").
 *
 * @param id                lower-case client code, equal to the file name without {@code .yaml}
 * @param name              display name
 * @param skuUnique         whether one SKU is exactly one variation (default true); when false one
 *                          SKU may cover several variations
 * @param source            the system of record for products and stock
 * @param channelAccounts   the client's accounts on sales channels; ids unique within the client
 * @param fulfilmentCentres warehouses stock sits in, with allocation priority; codes unique
 * @param inventoryStatuses the inventory status codes this client uses (available, repair, ...)
 * @param returns           what happens to units returned after shipping, by return reason
 *                          (docs/decisions/0023); a reason no rule names waits for an operator
 */
public record ClientConfig(
        @NotBlank
        @Pattern(regexp = ClientConfig.CODE_PATTERN, message = ClientConfig.CODE_MESSAGE)
        String id,
        @NotBlank String name,
        Boolean skuUnique,
        @NotNull @Valid SourceConfig source,
        List<@NotNull @Valid ChannelAccountConfig> channelAccounts,
        @NotEmpty List<@NotNull @Valid FulfilmentCentreConfig> fulfilmentCentres,
        @NotEmpty
        List<@NotBlank @Pattern(regexp = ClientConfig.STATUS_PATTERN, message = ClientConfig.STATUS_MESSAGE) String>
                inventoryStatuses,
        List<@NotNull @Valid ReturnRuleConfig> returns) {

    /** Client and channel account ids: they end up in queue names, URLs and file names. */
    public static final String CODE_PATTERN = "^[a-z0-9][a-z0-9-]{1,62}$";
    static final String CODE_MESSAGE =
            "must be a lower-case code of 2 to 63 letters, digits or '-', starting with a letter or digit";
    /** Inventory status codes: {@code available}, {@code vendor-rma}, ... */
    public static final String STATUS_PATTERN = "^[a-z0-9][a-z0-9-]*$";
    static final String STATUS_MESSAGE = "must be a lower-case code of letters, digits or '-' (e.g. vendor-rma)";

    public ClientConfig {
        skuUnique = skuUnique == null ? Boolean.TRUE : skuUnique;
        channelAccounts = Lists.copy(channelAccounts);
        fulfilmentCentres = Lists.copy(fulfilmentCentres);
        inventoryStatuses = Lists.copy(inventoryStatuses);
        returns = Lists.copy(returns);
    }

    /** The rule for units returned for {@code reason}, if the client has one. */
    public Optional<ReturnRuleConfig> returnRule(ReturnReason reason) {
        return returns.stream().filter(r -> r != null && r.reasons().contains(reason)).findFirst();
    }

    /** The channel account with this id. */
    public Optional<ChannelAccountConfig> account(String accountId) {
        return channelAccounts.stream().filter(a -> a != null && a.id() != null && a.id().equals(accountId)).findFirst();
    }

    /** Fulfilment centres in allocation order: priority 1 first. */
    public List<FulfilmentCentreConfig> fulfilmentCentresByPriority() {
        return fulfilmentCentres.stream()
                .sorted(Comparator.comparing(FulfilmentCentreConfig::priority))
                .toList();
    }
}
