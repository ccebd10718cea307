/**
 * A stateful emulator of Walmart Marketplace's API v3 (US), served by Kanal itself under
 * {@code /sandbox/walmart} when {@code kanal.sandbox.enabled=true}: client-credentials tokens that
 * expire, Walmart's headers, inventory (single and feeds with their lifecycle), released orders
 * with cursor paging, order actions, returns, per-endpoint rate limits and Walmart's error body,
 * plus a control API ({@code /sandbox/walmart/_control}) for tests and the demo. See
 * docs/sandboxes.md.
 */
package dev.kanal.sandbox.walmart;
