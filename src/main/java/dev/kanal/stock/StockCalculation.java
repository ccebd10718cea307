package dev.kanal.stock;

import dev.kanal.inventory.StockChanged;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The calculator hop: a SKU changed, so recalculate every listing that depends on it and name
 * the channel accounts whose writers must run.
 */
public class StockCalculation {

    private final QuantityCalculator calculator;
    private final JdbcTemplate jdbc;
    private final WriterGate gate;

    public StockCalculation(QuantityCalculator calculator, JdbcTemplate jdbc, WriterGate gate) {
        this.calculator = calculator;
        this.jdbc = jdbc;
        this.gate = gate;
    }

    /** Accounts to nudge: those with a changed target and no nudge already queued. */
    public List<AccountRef> onStockChanged(StockChanged change) {
        Set<Long> accounts = calculator.recalculate(calculator.listingsAffectedBy(change.client(), change.sku()));
        return accounts.stream().map(this::ref).filter(gate::shouldNudge).toList();
    }

    /** Recalculates every listing of an account (after a settings change, an import, or reconciliation). */
    public List<AccountRef> recalculateAccount(AccountRef account) {
        long id = accountId(account);
        Set<Long> changed = calculator.recalculate(calculator.listingsOf(id));
        return changed.isEmpty() ? List.of() : List.of(account);
    }

    /** Recalculates one listing (after its mapping changed). */
    public List<AccountRef> recalculateListing(AccountRef account, long listingId) {
        jdbc.update("UPDATE listing SET target_quantity = NULL WHERE id = ? AND NOT EXISTS "
                + "(SELECT 1 FROM listing_mapping m WHERE m.listing_id = ?) AND NOT EXISTS "
                + "(SELECT 1 FROM bundle_component bc WHERE bc.listing_id = ?)", listingId, listingId, listingId);
        return calculator.recalculate(List.of(listingId)).isEmpty() ? List.of() : List.of(account);
    }

    long accountId(AccountRef account) {
        return jdbc.queryForObject("SELECT a.id FROM channel_account a JOIN client c ON c.id = a.client_id "
                + "WHERE c.code = ? AND a.code = ?", Long.class, account.client(), account.account());
    }

    private AccountRef ref(long accountId) {
        return jdbc.queryForObject("SELECT c.code, a.code FROM channel_account a JOIN client c ON c.id = a.client_id WHERE a.id = ?",
                (rs, n) -> new AccountRef(rs.getString(1), rs.getString(2)), accountId);
    }
}
