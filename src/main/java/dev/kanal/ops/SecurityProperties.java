package dev.kanal.ops;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Login for the console, the actuator endpoints beyond health, and the admin API.
 * Two roles (docs/decisions/0015): the admin may do everything; the operator reads everything,
 * replays dead letters, releases held orders, allocates an oversold order and retries the ERP write.
 *
 * @param adminUser        the admin's user name
 * @param adminPassword    the admin's password; production refuses to start without one, the demo generates one
 * @param operatorUser     the operator's user name
 * @param operatorPassword the operator's password; blank means there is no operator login
 * @param viewerUser       the read-only viewer's user name (console and admin API reads, docs/decisions/0033)
 * @param viewerPassword   the viewer's password; blank means there is no viewer login
 * @param loginThrottle    how many failed logins a user or a client address may have
 */
@Validated
@ConfigurationProperties("kanal.security")
public record SecurityProperties(
        @DefaultValue("admin") @NotBlank String adminUser,
        String adminPassword,
        @DefaultValue("operator") @NotBlank String operatorUser,
        String operatorPassword,
        @DefaultValue("viewer") @NotBlank String viewerUser,
        String viewerPassword,
        @DefaultValue @Valid LoginThrottleSettings loginThrottle) {

    public boolean passwordGiven() {
        return adminPassword != null && !adminPassword.isBlank();
    }

    public boolean operatorGiven() {
        return operatorPassword != null && !operatorPassword.isBlank();
    }

    public boolean viewerGiven() {
        return viewerPassword != null && !viewerPassword.isBlank();
    }

    /** A viewer that shares a name with the admin or the operator would lock one of them out. */
    @AssertTrue(message = "kanal.security.viewer-user must differ from kanal.security.admin-user and operator-user")
    public boolean isViewerDistinct() {
        return !viewerGiven() || viewerUser == null
                || (adminUser == null || !adminUser.trim().equalsIgnoreCase(viewerUser.trim()))
                && (!operatorGiven() || operatorUser == null || !operatorUser.trim().equalsIgnoreCase(viewerUser.trim()));
    }

    /** One name, one role: a shared name would make the operator an admin or lock the admin out. */
    @AssertTrue(message = "kanal.security.operator-user must differ from kanal.security.admin-user")
    public boolean isOperatorDistinct() {
        return !operatorGiven() || adminUser == null || operatorUser == null
                || !adminUser.trim().equalsIgnoreCase(operatorUser.trim());
    }

    /**
     * @param maxFailures failed logins per user, and per client address, within {@code window}
     *                    after which further attempts answer 429 until the window has passed
     * @param window      the rolling window failures are counted in
     */
    public record LoginThrottleSettings(
            @DefaultValue("5") @Min(1) int maxFailures,
            @DefaultValue("1m") @NotNull Duration window) {
    }

    @Override
    public String toString() {
        return "SecurityProperties[adminUser=" + adminUser + ", adminPassword=***, operatorUser=" + operatorUser
                + ", operatorPassword=" + (operatorGiven() ? "***" : "") + ", viewerUser=" + viewerUser
                + ", viewerPassword=" + (viewerGiven() ? "***" : "") + ", loginThrottle=" + loginThrottle + "]";
    }
}
