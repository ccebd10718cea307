package dev.kanal.ops.health;

import java.util.Locale;

/** What kind of failure stopped a call to a channel or a source: the cure differs. */
public enum FailureKind {
    /** The credentials were refused (HTTP 401/403, a database login refused): fix the account's secrets. */
    AUTH,
    /** The TLS handshake failed, typically a certificate Kanal does not trust: configure a trust bundle. */
    TLS,
    /** Anything else (timeouts, 5xx, connection refused): usually passes by itself. */
    OTHER;

    /** As shown in health details and gauge tags: {@code auth}, {@code tls}, {@code other}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether retrying cannot help until someone changes the configuration. */
    public boolean needsConfiguration() {
        return this != OTHER;
    }

    static FailureKind ofLabel(String label) {
        return label == null ? null : valueOf(label.toUpperCase(Locale.ROOT));
    }
}
