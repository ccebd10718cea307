package dev.kanal.webhooks;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts the webhook body limit in front of every {@code /webhooks/**} request. */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    /**
     * Right after the container's own filters (character encoding, HTTP metrics, so refusals are
     * counted) and well before Spring Security's chain (order -100), so a refusal costs no
     * authentication and no session.
     */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    FilterRegistrationBean<WebhookBodyLimitFilter> webhookBodyLimit(WebhookProperties properties) {
        FilterRegistrationBean<WebhookBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new WebhookBodyLimitFilter(properties));
        registration.addUrlPatterns("/webhooks/*");
        registration.setOrder(ORDER);
        registration.setName("webhookBodyLimit");
        return registration;
    }
}
