package dev.kanal.ops;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused production start into a short report naming each variable to set, without a stack trace. */
public class MissingSettingsFailureAnalyzer extends AbstractFailureAnalyzer<MissingSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingSettingsException cause) {
        StringBuilder description = new StringBuilder("Kanal started in production mode without settings it cannot guess:\n");
        cause.missing().forEach(required -> description.append("\n    ").append(required.variable()).append(" is not set: ")
                .append(required.what()));
        String action = "Set " + String.join(" and ", cause.variables()) + " in Kanal's environment and start it again.\n"
                + "To try Kanal with nothing installed, run the demo instead: java -jar kanal.jar demo";
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
