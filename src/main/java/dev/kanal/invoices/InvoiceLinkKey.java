package dev.kanal.invoices;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The key that signs invoice links: KANAL_INVOICE_LINK_SECRET when set (then rotating it ends
 * every link made before), else 32 random bytes made once by the first node that needs them and
 * kept in {@code invoice_link_key}, so every node and every restart signs alike. Read once, then
 * held.
 */
class InvoiceLinkKey implements Supplier<byte[]> {

    private final JdbcTemplate jdbc;
    private final String configured;
    private volatile byte[] key;

    InvoiceLinkKey(JdbcTemplate jdbc, String configured) {
        this.jdbc = jdbc;
        this.configured = configured == null || configured.isBlank() ? null : configured;
    }

    @Override
    public byte[] get() {
        byte[] held = key;
        if (held == null) {
            held = configured != null ? configured.getBytes(StandardCharsets.UTF_8) : stored();
            key = held;
        }
        return held;
    }

    private byte[] stored() {
        List<String> found = jdbc.queryForList("SELECT secret FROM invoice_link_key WHERE id = 1", String.class);
        if (found.isEmpty()) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            try {
                jdbc.update("INSERT INTO invoice_link_key (id, secret) VALUES (1, ?)", Base64.getEncoder().encodeToString(fresh));
            } catch (DuplicateKeyException anotherNodeWasFirst) {
                // its key is the one: read below
            }
            found = jdbc.queryForList("SELECT secret FROM invoice_link_key WHERE id = 1", String.class);
        }
        return Base64.getDecoder().decode(found.get(0));
    }
}
