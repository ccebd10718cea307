/**
 * The demo: what {@code java -jar kanal.jar demo} adds to the product (the sandboxes inside
 * Kanal, their open security chain, seeding, the demo settings and a generated console
 * password). Never on the product's class path in the jar (docs/decisions/0014).
 */
package dev.kanal.demo;
