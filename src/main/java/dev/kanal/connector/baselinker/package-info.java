/**
 * BaseLinker (base.com), a hub through which Allegro, eBay and shop orders reach Kanal and stock
 * reaches them back (shared/api-contracts.md 4; docs/decisions/0031). Every call is
 * {@code POST connector.php} with form fields {@code method} and {@code parameters} and the
 * header {@code X-BLToken}, made by {@link dev.kanal.connector.baselinker.BaseLinkerHttp} alone,
 * within the account's call budget. On top of it: the stock connector (listing import from the
 * inventory, stock by {@code updateInventoryProductsStock}), the order source ({@code getOrders}
 * and {@code getJournalList}), the acknowledger ({@code setOrderStatus}), the shipment writer
 * ({@code createPackageManual}, {@code setOrderFields}) and the canceller (a status). The sandbox
 * it is tested against is {@code dev.kanal.sandbox.baselinker}.
 */
package dev.kanal.connector.baselinker;
