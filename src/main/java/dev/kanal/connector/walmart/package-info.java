/**
 * Walmart Marketplace (US, API v3): one package behind Kanal's connector SPI. {@link
 * dev.kanal.connector.walmart.WalmartHttp} makes every call (token, headers, budget, error
 * mapping); {@link dev.kanal.connector.walmart.WalmartStock} reads listings and writes quantities
 * (single calls or inventory feeds); {@link dev.kanal.connector.walmart.WalmartOrders} polls
 * released and changed orders; the acknowledger, shipment writer, canceller, refund writer and
 * returns reader act on them. Its sandbox is {@code dev.kanal.sandbox.walmart}; choices are in
 * docs/decisions/0030.
 */
package dev.kanal.connector.walmart;
