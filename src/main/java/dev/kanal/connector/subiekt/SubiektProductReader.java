package dev.kanal.connector.subiekt;

import dev.kanal.connector.SourceProduct;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads product cards from a Subiekt-GT-style database: what a channel needs to create or match
 * a product (flow 5). Plain SQL as {@link SubiektStockReader}'s. Subiekt keeps no images and
 * no attributes Kanal could send in these tables, so a product goes out with name and EAN only.
 */
public class SubiektProductReader {

    static final String PRODUCTS = """
            SELECT t.tw_Symbol, t.tw_Nazwa, t.tw_PodstKodKresk, t.tw_Usuniety, t.tw_Zablokowany
              FROM tw__Towar t
             WHERE t.tw_Rodzaj IN (1, 8)
            """;

    /** The named products (at most a few hundred symbols, one parameter each); unknown symbols are left out. */
    public List<SourceProduct> readProducts(DataSource erp, Collection<String> symbols) {
        List<String> distinct = symbols.stream().filter(Objects::nonNull).distinct().toList();
        if (distinct.isEmpty()) {
            return List.of();
        }
        String sql = PRODUCTS + "   AND t.tw_Symbol IN (" + String.join(", ", Collections.nCopies(distinct.size(), "?")) + ")";
        return new JdbcTemplate(erp).query(sql, (rs, n) -> new SourceProduct(rs.getString(1).trim(), rs.getString(2),
                blankToNull(rs.getString(3)), rs.getBoolean(4) || rs.getBoolean(5)), distinct.toArray());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
