/**
 * Flow 4, after shipping: returns (units a channel refunded after shipping come back, a client's
 * rule decides what happens to them, the ERP gets its return document) and refunds Kanal asks a
 * channel for (an operator's, within the channel's daily budget, once per request). See
 * docs/decisions/0023.
 */
package dev.kanal.returns;
