package dev.kanal.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.connector.OutgoingInvoice;
import dev.kanal.support.PermanentFailure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Signed, expiring invoice links: made and checked without Spring. */
class InvoiceLinksTest {

    private static final Instant NOW = Instant.parse("2026-05-06T10:00:00Z");
    private static final byte[] KEY = "test-key-0123456789".getBytes(StandardCharsets.UTF_8);

    private static InvoiceLinks links(String publicUrl, Instant now) {
        return new InvoiceLinks(() -> KEY, publicUrl, () -> "http://localhost:8080/", Duration.ofDays(30),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aLinkIsSignedForItsInvoiceAndWorksUntilItsLifetimeEnds() {
        OutgoingInvoice.Link link = links("https://kanal.example.com/", NOW).link(42, "https://shop.example.com/wp-json/wc/v3");

        assertThat(link.url()).startsWith("https://kanal.example.com/documents/invoices/42.pdf?expires=");
        assertThat(link.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(30)));
        Map<String, String> query = query(link.url());
        assertThat(query.get("expires")).isEqualTo(String.valueOf(NOW.plus(Duration.ofDays(30)).getEpochSecond()));

        assertThat(links(null, NOW.plus(Duration.ofDays(29))).check(42, query.get("expires"), query.get("signature")))
                .isEqualTo(InvoiceLinks.Check.VALID);
        assertThat(links(null, NOW.plus(Duration.ofDays(30))).check(42, query.get("expires"), query.get("signature")))
                .as("on the second it expires").isEqualTo(InvoiceLinks.Check.EXPIRED);
    }

    @Test
    void anyChangeToTheLinkBreaksItsSignature() {
        InvoiceLinks links = links("https://kanal.example.com", NOW);
        Map<String, String> query = query(links.link(42, "https://shop.example.com").url());
        String later = String.valueOf(Long.parseLong(query.get("expires")) + 3600);

        assertThat(links.check(43, query.get("expires"), query.get("signature"))).as("another invoice")
                .isEqualTo(InvoiceLinks.Check.BAD_SIGNATURE);
        assertThat(links.check(42, later, query.get("signature"))).as("a longer life").isEqualTo(InvoiceLinks.Check.BAD_SIGNATURE);
        assertThat(links.check(42, query.get("expires"), query.get("signature").substring(1))).isEqualTo(InvoiceLinks.Check.BAD_SIGNATURE);
        assertThat(links.check(42, "soon", query.get("signature"))).isEqualTo(InvoiceLinks.Check.BAD_SIGNATURE);
        assertThat(links.check(42, null, null)).isEqualTo(InvoiceLinks.Check.BAD_SIGNATURE);
        InvoiceLinks otherKey = new InvoiceLinks(() -> "another-key".getBytes(StandardCharsets.UTF_8), null, () -> "", Duration.ofDays(30),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(otherKey.check(42, query.get("expires"), query.get("signature"))).isEqualTo(InvoiceLinks.Check.BAD_SIGNATURE);
    }

    @Test
    void withoutAPublicUrlOnlyAShopOnThisMachineGetsALinkToTheLocalAddress() {
        InvoiceLinks links = links(" ", NOW);

        assertThat(links.link(7, "http://127.0.0.1:8080/sandbox/woocommerce/wp-json/wc/v3").url())
                .startsWith("http://localhost:8080/documents/invoices/7.pdf?");
        assertThatThrownBy(() -> links.link(7, "https://shop.example.com/wp-json/wc/v3"))
                .isInstanceOf(InvoiceLinks.PublicUrlRequiredException.class).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("KANAL_PUBLIC_URL").hasMessageContaining("https://shop.example.com");
    }

    @Test
    void aDocumentNumberBecomesAFileName() {
        assertThat(InvoiceSender.fileName("FS 3/11/2026")).isEqualTo("FS-3-11-2026.pdf");
        assertThat(InvoiceSender.isPdf("%PDF-1.7 ...".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(InvoiceSender.isPdf("<html>".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    private static Map<String, String> query(String url) {
        return java.util.Arrays.stream(URI.create(url).getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p[1]));
    }
}
