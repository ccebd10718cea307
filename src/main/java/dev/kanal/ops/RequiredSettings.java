package dev.kanal.ops;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses a start without the settings production cannot guess: the database (production never
 * falls back to the demo's H2 file) and the console password (production never generates one).
 * Runs before any bean, web server or connection exists, so the operator sees one report naming
 * the variables ({@link MissingSettingsFailureAnalyzer}) instead of a failure further in. The
 * demo supplies both itself.
 */
@Component
class RequiredSettings implements BeanFactoryPostProcessor, EnvironmentAware {

    /** A setting that must not be blank, and the environment variable an operator sets it with. */
    record Required(String property, String variable, String what) {
    }

    static final List<Required> REQUIRED = List.of(
            new Required("spring.datasource.url", "KANAL_DB_URL",
                    "Kanal's PostgreSQL database, e.g. jdbc:postgresql://db.internal:5432/kanal"),
            new Required("kanal.security.admin-password", "KANAL_ADMIN_PASSWORD",
                    "the console and admin API password of KANAL_ADMIN_USER (default admin)"));

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<Required> missing = missing(environment);
        if (!missing.isEmpty()) {
            throw new MissingSettingsException(missing);
        }
    }

    /** The required settings that are unset or blank in {@code environment}. */
    static List<Required> missing(Environment environment) {
        List<Required> missing = new ArrayList<>();
        for (Required required : REQUIRED) {
            String value = environment.getProperty(required.property());
            if (value == null || value.isBlank()) {
                missing.add(required);
            }
        }
        return missing;
    }
}
