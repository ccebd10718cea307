/**
 * What every webhook request goes through before a connector's controller sees it: a body size
 * limit enforced before and while reading, a bound on webhook requests handled at once, and a
 * bounded reader that feeds the body to a signature check as it arrives.
 */
package dev.kanal.webhooks;
