package dev.kanal.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/** Trust bundles by name and the HTTP clients built for them, without Spring running. */
class TrustBundlesTest {

    private final DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();

    private static SslBundle truststore(String certificate) {
        return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(certificate)));
    }

    @Test
    void aNamedBundleGivesItsOwnSslContextSharedByEveryoneNamingIt() {
        registry.registerBundle("test-ca", truststore("classpath:tls/ca.pem"));
        TrustBundles bundles = new TrustBundles(registry);

        TlsTrust trust = bundles.trust("test-ca");

        assertThat(trust.bundle()).isEqualTo("test-ca");
        assertThat(trust.sslContext()).isNotNull();
        assertThat(bundles.trust("test-ca")).isSameAs(trust);
        assertThat(bundles.trust(null)).isSameAs(TlsTrust.JVM_DEFAULT);
        assertThat(bundles.names()).containsExactly("test-ca");
    }

    @Test
    void anUnknownNameIsRefusedNamingTheConfiguredOnes() {
        registry.registerBundle("test-ca", truststore("classpath:tls/ca.pem"));

        assertThatThrownBy(() -> new TrustBundles(registry).trust("shop-caa"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trust bundle 'shop-caa' is not configured; configured: test-ca");
    }

    @Test
    void aBundleWithoutATruststoreIsNotATrustBundle() {
        // a key and certificate only: as trust it would silently fall back to the JVM's
        registry.registerBundle("server", SslBundle.of(new PemSslStoreBundle(
                PemSslStoreDetails.forCertificate("classpath:tls/server.pem").withPrivateKey("classpath:tls/server-key.pem"), null)));
        TrustBundles bundles = new TrustBundles(registry);

        assertThat(bundles.names()).isEmpty();
        assertThatThrownBy(() -> bundles.trust("server")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no truststore");
    }

    @Test
    void aReloadedBundleGetsANewContextAndANewClient() {
        registry.registerBundle("test-ca", truststore("classpath:tls/ca.pem"));
        TrustBundles bundles = new TrustBundles(registry);
        TrustedHttpClients clients = TrustedHttpClients.of(HttpClient::newBuilder);
        TlsTrust before = bundles.trust("test-ca");
        HttpClient first = clients.client(before);

        registry.updateBundle("test-ca", truststore("classpath:tls/ca.pem"));
        TlsTrust after = bundles.trust("test-ca");

        assertThat(after.sslContext()).isNotSameAs(before.sslContext());
        assertThat(clients.client(after)).isNotSameAs(first).isSameAs(clients.client(after));
    }

    @Test
    void oneClientPerTrust() {
        registry.registerBundle("test-ca", truststore("classpath:tls/ca.pem"));
        TlsTrust trust = new TrustBundles(registry).trust("test-ca");
        TrustedHttpClients clients = TrustedHttpClients.of(HttpClient::newBuilder);

        HttpClient bundled = clients.client(trust);

        assertThat(clients.client(trust)).isSameAs(bundled);
        assertThat(bundled.sslContext()).isSameAs(trust.sslContext());
        assertThat(clients.client(TlsTrust.JVM_DEFAULT)).isNotSameAs(bundled);
        assertThat(clients.client(TlsTrust.JVM_DEFAULT).sslContext()).isNotSameAs(trust.sslContext());
    }

    @Test
    void aFixedTestClientNeverStandsInForABundle() {
        registry.registerBundle("test-ca", truststore("classpath:tls/ca.pem"));
        HttpClient fake = HttpClient.newHttpClient();
        TrustedHttpClients fixed = TrustedHttpClients.fixed(fake);

        assertThat(fixed.client(TlsTrust.JVM_DEFAULT)).isSameAs(fake);
        assertThatThrownBy(() -> fixed.client(new TrustBundles(registry).trust("test-ca")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("trust bundle 'test-ca'");
    }
}
