/**
 * What every channel connector offers Kanal, independent of the channel: reading a channel
 * account's listings and writing quantities to them, within the account's call budget.
 * Each channel's own client lives in a sub-package ({@code connector.backmarket}, ...) and never
 * reaches into another connector.
 */
package dev.kanal.connector;
