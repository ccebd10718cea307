package dev.kanal;

import dev.kanal.client.config.ValidateCommand;
import dev.kanal.sandbox.SandboxHost;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Kanal: one source system (ERP/POS) kept in step with many sales channels. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KanalApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("validate")) {
            // checks client files without starting Spring: java -jar kanal.jar validate clients/
            System.exit(ValidateCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("sandboxes")) {
            // the channel and ERP sandboxes alone, in their own JVM: java -jar kanal.jar sandboxes --server.port=9090
            SandboxHost.run(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SpringApplication.run(KanalApplication.class, args);
    }
}
