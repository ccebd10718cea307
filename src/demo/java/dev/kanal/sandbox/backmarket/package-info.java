/**
 * A stateful emulator of Back Market's seller API (listings), served by Kanal itself under
 * {@code /sandbox/backmarket} when {@code kanal.sandbox.enabled=true}: per-token sellers in
 * memory, the real paths, headers, paging, error bodies and Cloudflare-like 429s, plus a
 * control API ({@code /sandbox/backmarket/_control}) for tests and the demo. See
 * docs/sandboxes.md.
 */
package dev.kanal.sandbox.backmarket;
