package dev.kanal.ops.health;

import dev.kanal.connector.HttpStatusFailure;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * Tells an authentication failure and a TLS failure from the rest, by HTTP status or by what
 * sits anywhere in an exception's cause chain (connectors wrap the HTTP client's exceptions).
 */
public final class FailureClassifier {

    private static final int MAX_MESSAGE = 500;
    private static final int MAX_DEPTH = 32;

    private FailureClassifier() {
    }

    /** AUTH for 401 and 403, OTHER for any other status. */
    public static FailureKind ofStatus(int status) {
        return status == 401 || status == 403 ? FailureKind.AUTH : FailureKind.OTHER;
    }

    /**
     * The kind of {@code failure} and a readable message.
     *
     * @param url the address called (a channel's base URL), named in TLS messages; may be null
     */
    public static Failure classify(Throwable failure, String url) {
        String where = url == null || url.isBlank() ? "the remote side" : url;
        Throwable tls = null;
        boolean pkix = false;
        int status = 0;
        Throwable auth = null;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_DEPTH && seen.put(t, Boolean.TRUE) == null; t = t.getCause(), depth++) {
            if (t instanceof SSLException) {
                tls = tls == null ? t : tls;
            }
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException
                    || (t.getMessage() != null && t.getMessage().contains("PKIX"))) {
                pkix = true;
                tls = tls == null ? t : tls;
            } else if (t instanceof CertificateException && tls == null) {
                tls = t;
            }
            if (t instanceof HttpStatusFailure answered && ofStatus(answered.httpStatus()) == FailureKind.AUTH && auth == null) {
                status = answered.httpStatus();
                auth = t;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("28") && auth == null) {
                auth = t; // SQL state class 28: invalid authorization specification
            }
        }
        if (tls != null) {
            String message = pkix
                    ? "TLS: certificate not trusted (PKIX) for " + where + "; configure a trust bundle"
                    : "TLS: handshake with " + where + " failed (" + describe(tls) + "); check its certificate or configure a trust bundle";
            return new Failure(FailureKind.TLS, truncate(message));
        }
        if (auth != null) {
            String message = status != 0
                    ? "channel refused the credentials (" + status + "): " + describe(auth)
                    : "login refused: " + describe(auth);
            return new Failure(FailureKind.AUTH, truncate(message));
        }
        return new Failure(FailureKind.OTHER, truncate(describe(failure)));
    }

    /** The exception's own message, or its class name when it has none. */
    static String describe(Throwable t) {
        if (t == null) {
            return "unknown failure";
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    static String truncate(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
