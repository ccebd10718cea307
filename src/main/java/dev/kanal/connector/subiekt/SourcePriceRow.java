package dev.kanal.connector.subiekt;

import java.math.BigDecimal;

/**
 * One product's price at one price level as the ERP holds it (Subiekt's tw_Cena).
 *
 * @param symbol tw_Symbol, the product code Kanal uses as SKU
 * @param level  the price level, 1..10 (tc_CenaNetto<i>n</i> / tc_CenaBrutto<i>n</i>)
 * @param gross  the gross price (with VAT), null when the level is not set
 * @param net    the net price, null when the level is not set
 */
public record SourcePriceRow(String symbol, int level, BigDecimal gross, BigDecimal net) {
}
