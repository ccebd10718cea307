package dev.kanal.ops;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Login for the console, the actuator endpoints beyond health, and the admin API.
 *
 * @param adminUser     the operator's user name
 * @param adminPassword the operator's password; production refuses to start without one, the demo generates one
 */
@Validated
@ConfigurationProperties("kanal.security")
public record SecurityProperties(
        @DefaultValue("admin") @NotBlank String adminUser,
        String adminPassword) {

    public boolean passwordGiven() {
        return adminPassword != null && !adminPassword.isBlank();
    }

    @Override
    public String toString() {
        return "SecurityProperties[adminUser=" + adminUser + ", adminPassword=***]";
    }
}
