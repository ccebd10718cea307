package dev.kanal.onboarding;

import dev.kanal.client.ClientCatalogSync;
import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientConfigException;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.ClientSchedules;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.StockCalculation;
import dev.kanal.stock.StockNudges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the client files again while Kanal runs (docs/decisions/0036). Every file is checked
 * first, as at start-up and by {@code validate}; one broken file refuses the whole reload and the
 * running configuration stays. Otherwise the database is brought in line (new and changed clients
 * and accounts synced, removed accounts made inactive), the new configuration swapped in, the
 * schedules of removed and changed accounts and clients removed and those of new and changed
 * ones made ({@link ClientSchedules}), and every new or changed account recalculated and its
 * writer nudged: an account switched from dry-run to live pushes its preview then, recomputed
 * from the stock as it now is.
 */
public class ClientReload {

    private static final Logger log = LoggerFactory.getLogger(ClientReload.class);

    private final ClientRegistry clients;
    private final ClientCatalogSync catalog;
    private final List<ClientSchedules> schedules;
    private final StockCalculation calculation;
    private final StockNudges nudges;
    private final JdbcTemplate jdbc;

    public ClientReload(ClientRegistry clients, ClientCatalogSync catalog, List<ClientSchedules> schedules,
                        StockCalculation calculation, StockNudges nudges, JdbcTemplate jdbc) {
        this.clients = clients;
        this.catalog = catalog;
        this.schedules = List.copyOf(schedules);
        this.calculation = calculation;
        this.nudges = nudges;
        this.jdbc = jdbc;
    }

    /**
     * What a reload did, or why it was refused.
     *
     * @param applied   false: a file is broken, nothing changed
     * @param problems  each problem as {@code validate} reports it: {@code <file>: <path>: <message>}
     * @param added     clients and accounts ({@code client} or {@code client/account}) that are new
     * @param changed   clients and accounts whose file section changed
     * @param removed   clients and accounts no file declares any more
     * @param nowLive   accounts switched from dry-run to live: their preview is being pushed
     * @param otherNodesTold whether the other nodes on the broker were told to reload too
     *                  (only for a reload asked of this node that changed something; decision 0048)
     */
    public record Outcome(boolean applied, List<String> problems, List<String> added, List<String> changed,
                          List<String> removed, List<String> nowLive, boolean otherNodesTold) {

        static Outcome refused(List<String> problems) {
            return new Outcome(false, problems, List.of(), List.of(), List.of(), List.of(), false);
        }

        /** Whether the reload added, changed, removed or switched live anything. */
        public boolean changedAnything() {
            return !added.isEmpty() || !changed.isEmpty() || !removed.isEmpty() || !nowLive.isEmpty();
        }

        Outcome toldOtherNodes() {
            return new Outcome(applied, problems, added, changed, removed, nowLive, true);
        }

        /** One line for the log and the audit. */
        public String summary() {
            if (!applied) {
                return "refused: " + problems.size() + (problems.size() == 1 ? " problem" : " problems");
            }
            return "added " + names(added) + "; changed " + names(changed) + "; removed " + names(removed)
                    + (nowLive.isEmpty() ? "" : "; now live " + names(nowLive));
        }

        private static String names(List<String> names) {
            return names.isEmpty() ? "none" : String.join(", ", names);
        }
    }

    public synchronized Outcome reload() {
        List<ClientConfig> next;
        try {
            next = clients.readAgain();
        } catch (ClientConfigException e) {
            List<String> problems = e.problems().stream().map(ClientConfigException.Problem::toString).toList();
            log.warn("Client files not reloaded, the running configuration stays: {}", String.join("; ", problems));
            return Outcome.refused(problems);
        }
        Map<String, ClientConfig> before = byId(clients.all());
        Map<String, ClientConfig> after = byId(next);
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> nowLive = new ArrayList<>();
        List<AccountRef> toCalculate = new ArrayList<>();

        // the database first: routes made below find their client and account rows
        for (ClientConfig client : next) {
            if (!client.equals(before.get(client.id()))) {
                catalog.sync(client);
            }
        }
        clients.replace(next);

        for (ClientConfig old : before.values()) {
            if (!after.containsKey(old.id())) {
                removed.add(old.id());
                old.channelAccounts().forEach(a -> removeAccount(old, a, removed));
                schedules.forEach(s -> s.clientRemoved(old));
            }
        }
        for (ClientConfig client : next) {
            ClientConfig old = before.get(client.id());
            if (old == null) {
                added.add(client.id());
                schedules.forEach(s -> s.clientAdded(client));
                for (ChannelAccountConfig account : client.channelAccounts()) {
                    addAccount(client, account, added);
                    toCalculate.add(new AccountRef(client.id(), account.id()));
                }
                continue;
            }
            if (client.equals(old)) {
                continue;
            }
            changed.add(client.id());
            if (!Objects.equals(client.source(), old.source())) {
                schedules.forEach(s -> s.clientRemoved(old));
                schedules.forEach(s -> s.clientAdded(client));
            }
            for (ChannelAccountConfig was : old.channelAccounts()) {
                if (client.account(was.id()).isEmpty()) {
                    removeAccount(old, was, removed);
                }
            }
            for (ChannelAccountConfig account : client.channelAccounts()) {
                ChannelAccountConfig was = old.account(account.id()).orElse(null);
                if (was == null) {
                    addAccount(client, account, added);
                } else if (!account.equals(was)) {
                    changed.add(client.id() + "/" + account.id());
                    schedules.forEach(s -> s.accountRemoved(old, was));
                    schedules.forEach(s -> s.accountAdded(client, account));
                    if (!was.live() && account.live()) {
                        nowLive.add(client.id() + "/" + account.id());
                    }
                } else if (client.fulfilmentCentres().equals(old.fulfilmentCentres())) {
                    continue; // nothing its quantities depend on changed
                }
                toCalculate.add(new AccountRef(client.id(), account.id()));
            }
        }
        for (AccountRef ref : toCalculate) {
            // the calculation as the stock now is; the writer pushes what differs (nothing in dry-run)
            nudges.nudge(calculation.recalculateAccount(ref));
            nudges.nudge(List.of(ref));
        }
        Outcome outcome = new Outcome(true, List.of(), added, changed, removed, nowLive, false);
        log.info("Client files reloaded: {}", outcome.summary());
        return outcome;
    }

    private void addAccount(ClientConfig client, ChannelAccountConfig account, List<String> added) {
        added.add(client.id() + "/" + account.id());
        schedules.forEach(s -> s.accountAdded(client, account));
    }

    private void removeAccount(ClientConfig client, ChannelAccountConfig account, List<String> removed) {
        removed.add(client.id() + "/" + account.id());
        schedules.forEach(s -> s.accountRemoved(client, account));
        // its listings and orders stay (they are history); it is no longer pushed or swept
        jdbc.update("UPDATE channel_account SET active = FALSE WHERE code = ? AND client_id = (SELECT id FROM client WHERE code = ?)",
                account.id(), client.id());
    }

    private static Map<String, ClientConfig> byId(List<ClientConfig> list) {
        Map<String, ClientConfig> map = new LinkedHashMap<>();
        list.forEach(c -> map.put(c.id(), c));
        return map;
    }
}
