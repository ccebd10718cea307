/**
 * A stateful emulator of BaseLinker's API ({@code POST connector.php} with form fields
 * {@code method} and {@code parameters}, header {@code X-BLToken}), served by Kanal itself under
 * {@code /sandbox/baselinker} when {@code kanal.sandbox.enabled=true}: per-token accounts in
 * memory with an inventory (products, variants, stock per warehouse), orders from Allegro, eBay
 * and by hand, account-defined statuses, the order journal and packages; BaseLinker's
 * per-token limit of 100 requests a minute answered with {@code ERROR_BLOCKED_TOKEN}; plus a
 * control API ({@code /sandbox/baselinker/_control}) for tests and the demo. See
 * docs/sandboxes.md.
 */
package dev.kanal.sandbox.baselinker;
