package dev.kanal.connector.subiekt;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads stock per product and warehouse straight from a Subiekt-GT-style database. The SQL is
 * plain (no vendor functions) so it runs on the ERP's SQL Server in the field and on the
 * sandbox's PostgreSQL or H2. Only goods ({@code tw_Rodzaj = 1}) and kits (8) carry stock.
 */
public class SubiektStockReader {

    static final String STOCK = """
            SELECT t.tw_Symbol, m.mag_Symbol, s.st_Stan, s.st_StanRez, t.tw_Usuniety, t.tw_Zablokowany
              FROM tw_Stan s
              JOIN tw__Towar t ON t.tw_Id = s.st_TowId
              JOIN sl_Magazyn m ON m.mag_Id = s.st_MagId
             WHERE t.tw_Rodzaj IN (1, 8)
            """;

    public List<SourceStockRow> readStock(DataSource erp) {
        List<SourceStockRow> rows = new ArrayList<>();
        new JdbcTemplate(erp).query(STOCK, rs -> {
            rows.add(new SourceStockRow(rs.getString(1).trim(), rs.getString(2).trim(),
                    rs.getBigDecimal(3).longValue(), rs.getBigDecimal(4).longValue(),
                    rs.getBoolean(5) || rs.getBoolean(6)));
        });
        return rows;
    }
}
