package dev.kanal.demo;

import org.springframework.boot.SpringApplication;

/** What {@code java -jar kanal.jar demo} adds to the product's application before it runs. */
public final class DemoMode {

    /** The profile whose settings ({@code application-demo.yaml}) only the demo can read. */
    public static final String PROFILE = "demo";

    private DemoMode() {
    }

    /** Called by the product's main, through the demo's class loader. */
    public static void configure(SpringApplication application) {
        application.addPrimarySources(java.util.List.of(DemoConfiguration.class));
        application.setAdditionalProfiles(PROFILE);
        application.addListeners(new DemoConsolePassword());
    }
}
