package dev.kanal;

import dev.kanal.messaging.FailingStep;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Beans that test routes call. */
@TestConfiguration(proxyBeanMethods = false)
public class TestBeans {

    @Bean
    FailingStep failingStep() {
        return new FailingStep();
    }
}
