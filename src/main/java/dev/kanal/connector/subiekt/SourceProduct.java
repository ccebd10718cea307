package dev.kanal.connector.subiekt;

/**
 * A product card of the ERP ({@code tw__Towar}) as products out reads it.
 *
 * @param symbol    tw_Symbol, Kanal's SKU
 * @param name      tw_Nazwa
 * @param ean       tw_PodstKodKresk, the main barcode; null when blank
 * @param withdrawn deleted or blocked in the ERP (tw_Usuniety, tw_Zablokowany): not to be offered
 */
public record SourceProduct(String symbol, String name, String ean, boolean withdrawn) {
}
