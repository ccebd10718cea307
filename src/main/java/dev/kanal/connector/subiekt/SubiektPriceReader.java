package dev.kanal.connector.subiekt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads prices from a Subiekt-GT-style database: {@code tw_Cena} holds one row per product with
 * net and gross of ten price levels. Only the levels asked for are read (those some account's
 * price rule starts from), one row per product and level with a gross price. Plain SQL, as the
 * stock reader's, for SQL Server in the field and PostgreSQL or H2 in the sandbox.
 */
public class SubiektPriceReader {

    public List<SourcePriceRow> readPrices(DataSource erp, Collection<Integer> levels) {
        List<Integer> wanted = levels.stream().distinct().sorted().toList();
        if (wanted.isEmpty()) {
            return List.of();
        }
        for (int level : wanted) {
            if (level < 1 || level > 10) {
                throw new IllegalArgumentException("Subiekt has price levels 1..10, not " + level);
            }
        }
        // checked integers name the columns
        String columns = wanted.stream().map(l -> "c.tc_CenaBrutto" + l + ", c.tc_CenaNetto" + l).collect(Collectors.joining(", "));
        String sql = "SELECT t.tw_Symbol, " + columns + """
                
                  FROM tw_Cena c JOIN tw__Towar t ON t.tw_Id = c.tc_IdTowar
                 WHERE t.tw_Rodzaj IN (1, 8)""";
        List<SourcePriceRow> rows = new ArrayList<>();
        new JdbcTemplate(erp).query(sql, rs -> {
            String symbol = rs.getString(1).trim();
            for (int i = 0; i < wanted.size(); i++) {
                var gross = rs.getBigDecimal(2 + 2 * i);
                if (gross != null) {
                    rows.add(new SourcePriceRow(symbol, wanted.get(i), gross, rs.getBigDecimal(3 + 2 * i)));
                }
            }
        });
        return rows;
    }
}
