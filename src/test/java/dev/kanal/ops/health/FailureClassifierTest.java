package dev.kanal.ops.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.woocommerce.WooCommerceApiException;
import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.sql.SQLException;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    private static final String SHOP = "https://shop.example.com/wp-json/wc/v3";

    @Test
    void statusesOf401And403AreAuthenticationFailures() {
        assertThat(FailureClassifier.ofStatus(401)).isEqualTo(FailureKind.AUTH);
        assertThat(FailureClassifier.ofStatus(403)).isEqualTo(FailureKind.AUTH);
        assertThat(FailureClassifier.ofStatus(404)).isEqualTo(FailureKind.OTHER);
        assertThat(FailureClassifier.ofStatus(503)).isEqualTo(FailureKind.OTHER);
    }

    @Test
    void aChannelThatAnswered401RefusedTheCredentials() {
        Failure failure = FailureClassifier.classify(new ChannelUnavailableException(
                "Back Market answered 401 to POST /ws/listings/1 for acme/bm: unauthorized", null, List.of(), 401), SHOP);

        assertThat(failure.kind()).isEqualTo(FailureKind.AUTH);
        assertThat(failure.message()).startsWith("channel refused the credentials (401)").contains("unauthorized");
    }

    @Test
    void aRefused403DeepInTheCauseChainIsStillAuthentication() {
        RuntimeException wrapped = new IllegalStateException("Push failed",
                new WooCommerceApiException("POST /products/batch answered 403 forbidden", 403, "woocommerce_rest_cannot_edit"));

        Failure failure = FailureClassifier.classify(wrapped, SHOP);

        assertThat(failure.kind()).isEqualTo(FailureKind.AUTH);
        assertThat(failure.message()).startsWith("channel refused the credentials (403)");
    }

    @Test
    void anUntrustedCertificateIsATlsFailureNamingTheAddressAndTheCure() {
        SSLHandshakeException handshake = new SSLHandshakeException(
                "PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path");
        RuntimeException failure = new ChannelUnavailableException("POST /products/batch failed: " + handshake, handshake);

        Failure classified = FailureClassifier.classify(failure, SHOP);

        assertThat(classified.kind()).isEqualTo(FailureKind.TLS);
        assertThat(classified.message()).isEqualTo("TLS: certificate not trusted (PKIX) for " + SHOP + "; configure a trust bundle");
    }

    @Test
    void aCertificatePathFailureWithoutTheWordPkixIsFoundByItsType() {
        SSLHandshakeException handshake = new SSLHandshakeException("handshake failed");
        handshake.initCause(new CertPathBuilderException("no path"));

        assertThat(FailureClassifier.classify(new IOException("wrapped", handshake), SHOP).message())
                .contains("certificate not trusted (PKIX)");
    }

    @Test
    void anyOtherHandshakeFailureIsTlsToo() {
        Failure failure = FailureClassifier.classify(new ChannelUnavailableException("failed",
                new SSLHandshakeException("Received fatal alert: handshake_failure")), SHOP);

        assertThat(failure.kind()).isEqualTo(FailureKind.TLS);
        assertThat(failure.message()).contains("handshake with " + SHOP + " failed", "handshake_failure", "trust bundle");
    }

    @Test
    void outagesAreOtherFailuresWithTheirOwnMessage() {
        Failure failure = FailureClassifier.classify(new ChannelUnavailableException(
                "Back Market answered 503 to GET /ws/listings for acme/bm: busy", null, List.of(), 503), SHOP);

        assertThat(failure.kind()).isEqualTo(FailureKind.OTHER);
        assertThat(failure.message()).isEqualTo("Back Market answered 503 to GET /ws/listings for acme/bm: busy");
        assertThat(FailureClassifier.classify(new IllegalStateException(), null).message()).isEqualTo("IllegalStateException");
    }

    @Test
    void aDatabaseLoginRefusedIsAuthentication() {
        Failure failure = FailureClassifier.classify(new RuntimeException("poll failed",
                new SQLException("password authentication failed for user \"kanal\"", "28P01")), null);

        assertThat(failure.kind()).isEqualTo(FailureKind.AUTH);
        assertThat(failure.message()).startsWith("login refused: password authentication failed");
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);

        assertThat(FailureClassifier.classify(a, SHOP).kind()).isEqualTo(FailureKind.OTHER);
    }

    @Test
    void longMessagesAreCut() {
        String message = FailureClassifier.classify(new RuntimeException("x".repeat(5000)), SHOP).message();

        assertThat(message).hasSize(500).endsWith("…");
    }
}
