package dev.kanal.ops;

import java.util.List;
import java.util.stream.Collectors;

/** Start-up refused: settings production needs are not set (reported by {@link MissingSettingsFailureAnalyzer}). */
public class MissingSettingsException extends RuntimeException {

    private final transient List<RequiredSettings.Required> missing;

    MissingSettingsException(List<RequiredSettings.Required> missing) {
        super("Kanal needs " + missing.stream().map(RequiredSettings.Required::variable).collect(Collectors.joining(" and "))
                + " to start in production");
        this.missing = List.copyOf(missing);
    }

    /** The environment variables to set, in the order they are reported. */
    public List<String> variables() {
        return missing.stream().map(RequiredSettings.Required::variable).toList();
    }

    List<RequiredSettings.Required> missing() {
        return missing;
    }
}
