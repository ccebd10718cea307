package dev.kanal;

import dev.kanal.client.config.ClientRoutesCommand;
import dev.kanal.client.config.ValidateCommand;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * Kanal: one source system (ERP/POS) kept in step with many sales channels.
 *
 * <p>{@code java -jar kanal.jar} is production; {@code java -jar kanal.jar demo} adds the demo
 * (sandboxes, seeding, an H2 file database, a generated console password). The demo's packages
 * are never scanned: in the jar they cannot even be loaded without {@link DemoClassLoader}, and
 * in the tests, where they are on the class path, a test imports them when it wants them.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(excludeFilters = {
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.REGEX, pattern = "dev\\.kanal\\.(sandbox|demo)\\..*")})
@ConfigurationPropertiesScan
public class KanalApplication {

    /** The demo's entry, inside {@link DemoClassLoader#PREFIX}: adds its configuration, profile and console password. */
    static final String DEMO_MODE = "dev.kanal.demo.DemoMode";
    /** The sandboxes alone, inside {@link DemoClassLoader#PREFIX}. */
    static final String SANDBOX_HOST = "dev.kanal.sandbox.SandboxHost";

    /**
     * Seconds an idle pooled connection of the JDK's HTTP client is kept (its default is 1,200):
     * servers close idle connections sooner (Tomcat after 60 s, nginx 75 s), and a request sent on
     * one they are closing fails with "header parser received no bytes". Read once, when the
     * client's pool is first used, so it is set before anything else runs; a -D of your own wins.
     */
    static final String HTTP_KEEPALIVE_SECONDS = "30";

    public static void main(String[] args) throws Exception {
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", HTTP_KEEPALIVE_SECONDS);
        }
        String command = args.length > 0 ? args[0] : "";
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        switch (command) {
            // checks client files without starting Spring: java -jar kanal.jar validate clients/
            case "validate" -> System.exit(ValidateCommand.run(rest));
            // writes a client's routes file from its client file: java -jar kanal.jar routes clients/acme.yaml
            case "routes" -> System.exit(ClientRoutesCommand.run(rest));
            // today's demo: java -jar kanal.jar demo
            case "demo" -> demo(rest);
            // the channel and ERP sandboxes alone, in their own JVM: java -jar kanal.jar sandboxes --server.port=9090
            case "sandboxes" -> callDemo(SANDBOX_HOST, "run", String[].class, (Object) rest);
            default -> SpringApplication.run(KanalApplication.class, args);
        }
    }

    private static void demo(String[] args) throws Exception {
        demoClassLoader(); // Spring takes its class loader (beans, settings files) from the thread's context loader
        SpringApplication application = new SpringApplication(KanalApplication.class);
        callDemo(DEMO_MODE, "configure", SpringApplication.class, application);
        application.run(args);
    }

    private static void callDemo(String className, String method, Class<?> parameterType, Object argument) throws Exception {
        Class<?> type;
        try {
            type = Class.forName(className, true, demoClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("This build of Kanal carries no demo (" + DemoClassLoader.PREFIX
                    + " is missing from the jar): build it with ./mvnw -B -q -DskipTests package", e);
        }
        try {
            type.getMethod(method, parameterType).invoke(null, argument);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The demo's loader, also the thread's context loader, so Spring finds the demo's classes and settings through it. */
    private static synchronized ClassLoader demoClassLoader() {
        ClassLoader current = Thread.currentThread().getContextClassLoader();
        if (current instanceof DemoClassLoader) {
            return current;
        }
        DemoClassLoader demo = new DemoClassLoader(KanalApplication.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(demo);
        return demo;
    }
}
