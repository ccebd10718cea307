/**
 * Flow 5, prices out: the source's prices read with the stock poll, each priced account's rule
 * turning them into a target price per listing, and the price writer pushing what changed
 * within the account's call budget; a price under the account's floor is held for an operator.
 */
package dev.kanal.pricing;
