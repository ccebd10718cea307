/**
 * Back Market's seller API: {@link dev.kanal.connector.backmarket.BackMarketClient} reads
 * listings and writes quantities for the stock flow. Plain Java ({@code java.net.http} and
 * Jackson); the sandbox it is tested against is {@code dev.kanal.sandbox.backmarket}.
 */
package dev.kanal.connector.backmarket;
