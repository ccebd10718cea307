package dev.kanal.client.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a broken client file at start-up into a short report (what is wrong, where, what to do)
 * instead of a stack trace. Registered in {@code META-INF/spring.factories}.
 */
public class ClientConfigFailureAnalyzer extends AbstractFailureAnalyzer<ClientConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ClientConfigException cause) {
        String description = "Kanal could not start: client configuration is invalid.\n\n" + cause.getMessage();
        String action = "Fix the file named above, or check it without starting Kanal:\n"
                + "    java -jar kanal.jar validate <file-or-folder>\n"
                + "Client files are read from kanal.clients-dir (environment variable KANAL_CLIENTS_DIR).";
        return new FailureAnalysis(description, action, cause);
    }
}
