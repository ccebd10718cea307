package dev.kanal.connector;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.stereotype.Component;

/**
 * Trust bundles by name: Spring Boot's SSL bundles ({@code spring.ssl.bundle.pem.<name>},
 * {@code spring.ssl.bundle.jks.<name>}), each turned into one SSL context that every account
 * naming it shares. A bundle declared with {@code reload-on-update: true} gets a new context
 * when its files change, and connections made after that use it.
 *
 * <p>Client files are checked against {@link #names()} at start-up, so an unknown name here is a
 * programming error, not a configuration one.
 */
@Component
public class TrustBundles {

    private final SslBundles bundles;
    private final Map<String, TlsTrust> trusts = new ConcurrentHashMap<>();

    public TrustBundles(SslBundles bundles) {
        this.bundles = bundles;
    }

    /** No bundles at all: every connection uses the JVM's default trust. */
    public static TrustBundles none() {
        return new TrustBundles(new DefaultSslBundleRegistry());
    }

    /** The names of the SSL bundles Spring has configured that have a truststore: the usable trust bundles. */
    public List<String> names() {
        return bundles.getBundleNames().stream()
                .filter(name -> bundles.getBundle(name).getStores().getTrustStore() != null)
                .sorted()
                .toList();
    }

    /**
     * The trust for a bundle name; {@link TlsTrust#JVM_DEFAULT} for null.
     *
     * @throws IllegalArgumentException naming the configured bundles when there is no such bundle
     */
    public TlsTrust trust(String bundle) {
        if (bundle == null) {
            return TlsTrust.JVM_DEFAULT;
        }
        return trusts.computeIfAbsent(bundle, this::load);
    }

    private TlsTrust load(String name) {
        SslBundle bundle;
        try {
            bundle = bundles.getBundle(name);
            bundles.addBundleUpdateHandler(name, updated -> trusts.put(name, new TlsTrust(name, context(name, updated))));
        } catch (NoSuchSslBundleException e) {
            throw new IllegalArgumentException("trust bundle '" + name + "' is not configured; configured: "
                    + (names().isEmpty() ? "(none)" : String.join(", ", names())), e);
        }
        return new TlsTrust(name, context(name, bundle));
    }

    private static SSLContext context(String name, SslBundle bundle) {
        if (bundle.getStores().getTrustStore() == null) {
            // without a truststore the context would quietly fall back to the JVM's trust
            throw new IllegalArgumentException("SSL bundle '" + name + "' has no truststore, so it cannot be a trust bundle: "
                    + "give it truststore.certificate (pem) or truststore.location (jks)");
        }
        return bundle.createSslContext();
    }
}
