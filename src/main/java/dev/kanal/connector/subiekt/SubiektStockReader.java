package dev.kanal.connector.subiekt;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads stock per product and warehouse straight from a Subiekt-GT-style database. The SQL is
 * plain (no vendor functions) so it runs on the ERP's SQL Server in the field and on the
 * sandbox's PostgreSQL or H2. Only goods ({@code tw_Rodzaj = 1}) and kits (8) carry stock.
 * Quantities are decimals in Subiekt (goods sold by weight); Kanal sells whole units, so the
 * database rounds them down to integers: a poll a second then decodes 200,000 integers instead
 * of as many decimals.
 */
public class SubiektStockReader {

    static final String STOCK = """
            SELECT t.tw_Symbol, m.mag_Symbol, CAST(FLOOR(s.st_Stan) AS BIGINT), CAST(FLOOR(s.st_StanRez) AS BIGINT),
                   t.tw_Usuniety, t.tw_Zablokowany
              FROM tw_Stan s
              JOIN tw__Towar t ON t.tw_Id = s.st_TowId
              JOIN sl_Magazyn m ON m.mag_Id = s.st_MagId
             WHERE t.tw_Rodzaj IN (1, 8)
            """;

    /** Rows fetched from the ERP at a time while a poll streams them. */
    static final int FETCH_SIZE = 2000;

    /**
     * The current rows of the given products only (all their warehouses): what a shipment just
     * read from the ERP left of them (decision 0018). At most a few hundred symbols, one
     * parameter each.
     */
    public List<SourceStockRow> readStock(DataSource erp, Collection<String> symbols) {
        List<String> distinct = symbols.stream().filter(Objects::nonNull).distinct().toList();
        if (distinct.isEmpty()) {
            return List.of();
        }
        String sql = STOCK + "   AND t.tw_Symbol IN (" + String.join(", ", Collections.nCopies(distinct.size(), "?")) + ")";
        return new JdbcTemplate(erp).query(sql, (rs, n) -> new SourceStockRow(rs.getString(1).trim(), rs.getString(2).trim(),
                rs.getLong(3), rs.getLong(4), rs.getBoolean(5) || rs.getBoolean(6)), distinct.toArray());
    }

    /** Every row at once (the sandbox's admin view, the demo's "is it seeded?"). */
    public List<SourceStockRow> readStock(DataSource erp) {
        List<SourceStockRow> rows = new ArrayList<>();
        readStock(erp, rows::add);
        return rows;
    }

    /**
     * Hands each row to {@code each} as it arrives, a fetch at a time: a poll of 100,000 rows
     * then holds 2,000 of them at once instead of all (plus the driver's copy), which a poll a
     * second would otherwise keep in the young generation whenever a collection caught it.
     */
    public void readStock(DataSource erp, Consumer<SourceStockRow> each) {
        new JdbcTemplate(erp).execute((ConnectionCallback<Void>) con -> {
            // PostgreSQL's driver fetches a result in parts only inside a transaction; SQL Server's streams anyway
            boolean autoCommit = con.getAutoCommit();
            if (autoCommit) {
                con.setAutoCommit(false);
            }
            try (PreparedStatement statement = con.prepareStatement(STOCK)) {
                statement.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        each.accept(new SourceStockRow(rs.getString(1).trim(), rs.getString(2).trim(),
                                rs.getLong(3), rs.getLong(4),
                                rs.getBoolean(5) || rs.getBoolean(6)));
                    }
                }
            } finally {
                if (autoCommit) {
                    con.rollback(); // a read: nothing to keep
                    con.setAutoCommit(true);
                }
            }
            return null;
        });
    }
}
