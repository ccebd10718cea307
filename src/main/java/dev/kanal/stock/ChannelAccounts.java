package dev.kanal.stock;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.ChannelStockConnector;
import dev.kanal.connector.TrustBundles;
import dev.kanal.support.PermanentFailure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;

/** Finds a channel account's database id, its connector and how to reach it. */
public class ChannelAccounts {

    private final JdbcTemplate jdbc;
    private final ClientRegistry clients;
    private final ChannelConnectors connectors;
    private final Map<Long, AccountRef> refs = new ConcurrentHashMap<>();
    private final TrustBundles trustBundles;

    /** Accounts that name no trust bundle (tests). */
    public ChannelAccounts(JdbcTemplate jdbc, ClientRegistry clients, ChannelConnectors connectors) {
        this(jdbc, clients, connectors, TrustBundles.none());
    }

    public ChannelAccounts(JdbcTemplate jdbc, ClientRegistry clients, ChannelConnectors connectors,
                           TrustBundles trustBundles) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.trustBundles = trustBundles;
        this.connectors = connectors;
    }

    public long id(AccountRef ref) {
        List<Long> ids = jdbc.queryForList("SELECT a.id FROM channel_account a JOIN client c ON c.id = a.client_id "
                + "WHERE c.code = ? AND a.code = ?", Long.class, ref.client(), ref.account());
        if (ids.isEmpty()) {
            throw new UnknownAccountException(ref);
        }
        return ids.get(0);
    }

    /** The account's client and code; an id names the same account for good, so each is read once. */
    public AccountRef ref(long accountId) {
        return refs.computeIfAbsent(accountId, id -> jdbc.queryForObject(
                "SELECT c.code, a.code FROM channel_account a JOIN client c ON c.id = a.client_id WHERE a.id = ?",
                (rs, n) -> new AccountRef(rs.getString(1), rs.getString(2)), id));
    }

    /** Every active account of every configured client. */
    public List<AccountRef> all() {
        return clients.all().stream()
                .flatMap(c -> c.channelAccounts().stream().map(a -> new AccountRef(c.id(), a.id())))
                .toList();
    }

    public ChannelAccountConfig config(AccountRef ref) {
        return clients.account(ref.client(), ref.account());
    }

    /** The account's connector, or null when Kanal has none for its channel type yet. */
    public ChannelStockConnector connector(AccountRef ref) {
        return connectors.capability(config(ref).type(), ChannelConnector::stock).orElse(null);
    }

    /** How to reach the account: its URL, credentials, call budget and the TLS trust its trust bundle gives. */
    public ChannelConnection connection(AccountRef ref) {
        ChannelAccountConfig config = config(ref);
        return ChannelStockWriter.connection(ref, config, trustBundles.trust(config.trustBundle()));
    }

    /** A client or account that no client file declares. */
    public static class UnknownAccountException extends RuntimeException implements PermanentFailure {
        public UnknownAccountException(AccountRef ref) {
            super("Unknown channel account " + ref.client() + "/" + ref.account());
        }
    }
}
