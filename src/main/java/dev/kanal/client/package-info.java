/**
 * Clients (tenants) and their channel accounts. Every other table is keyed, directly or
 * through a parent, by a {@link dev.kanal.client.Client}; its {@code code} is the client id
 * used in configuration, queues and logs.
 */
package dev.kanal.client;
