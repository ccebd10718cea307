package dev.kanal.client.config;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * What a client does with units that come back for some reasons (the client file's
 * {@code returns}, docs/decisions/0023).
 *
 * @param reasons    the return reasons this rule covers; a reason belongs to one rule at most
 * @param unitStatus the inventory status a returned serialized unit gets (one of the client's
 *                   {@code inventory-statuses}, e.g. {@code repair}); whether it is sold again
 *                   depends on which statuses each channel account counts
 * @param restock    whether the units count as stock again at once or after inspection
 *                   (default after-inspection)
 */
public record ReturnRuleConfig(
        @NotEmpty List<@NotNull ReturnReason> reasons,
        @NotNull @Pattern(regexp = ClientConfig.STATUS_PATTERN, message = ClientConfig.STATUS_MESSAGE) String unitStatus,
        Restock restock) {

    public ReturnRuleConfig {
        reasons = Lists.copy(reasons);
        restock = restock == null ? Restock.AFTER_INSPECTION : restock;
    }
}
