package dev.kanal.connector;

import javax.net.ssl.SSLContext;

/**
 * Which server certificates a connection trusts: the JVM's default trust, or the truststore of a
 * named trust bundle (a Spring Boot SSL bundle, for a shop or gateway behind a private CA). There
 * is no way to say "trust anything": verification is always on.
 *
 * @param bundle     the trust bundle's name; null for the JVM's default trust
 * @param sslContext the bundle's SSL context; null exactly when {@code bundle} is
 */
public record TlsTrust(String bundle, SSLContext sslContext) {

    /** The JVM's default truststore (cacerts, or {@code -Djavax.net.ssl.trustStore}). */
    public static final TlsTrust JVM_DEFAULT = new TlsTrust(null, null);

    public TlsTrust {
        if ((bundle == null) != (sslContext == null)) {
            throw new IllegalArgumentException("a trust bundle name and its SSL context come together");
        }
    }

    public boolean isJvmDefault() {
        return bundle == null;
    }

    @Override
    public String toString() {
        return bundle == null ? "JVM default trust" : "trust bundle '" + bundle + "'";
    }
}
