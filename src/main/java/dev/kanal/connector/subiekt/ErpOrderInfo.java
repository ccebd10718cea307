package dev.kanal.connector.subiekt;

import java.math.BigDecimal;

/**
 * A ZK as the gateway reports it ({@code order/find}, {@code order/getState}).
 *
 * @param orderRef  the ZK number, e.g. {@code ZK 12/11/2026}
 * @param reference the channel reference stored on it; null when {@code order/getState} does not say
 * @param amount    gross total
 * @param state     {@code open}, or {@code realized} once a sale document was made from it
 * @param sellDoc   number of the invoice or receipt made from it; null when none
 */
public record ErpOrderInfo(String orderRef, String reference, BigDecimal amount, String state, String sellDoc) {
}
