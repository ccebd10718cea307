package dev.kanal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Kanal: one source system (ERP/POS) kept in step with many sales channels. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KanalApplication {

    public static void main(String[] args) {
        SpringApplication.run(KanalApplication.class, args);
    }
}
