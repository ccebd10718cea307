/**
 * Per-client configuration: one YAML file per client in {@code clients/} ({@code kanal.clients-dir}),
 * bound to validated records.
 *
 * <ul>
 *   <li>{@link dev.kanal.client.config.ClientConfig} and its parts are what the rest of Kanal reads;</li>
 *   <li>{@link dev.kanal.client.config.ClientRegistry} holds every client, loaded at start-up;</li>
 *   <li>{@link dev.kanal.client.config.ClientConfigLoader} reads files (plain Java, also used by the CLI);</li>
 *   <li>{@link dev.kanal.client.config.ValidateCommand} is {@code java -jar kanal.jar validate <file-or-folder>}.</li>
 * </ul>
 *
 * <p>The example {@code clients/acme.yaml} is the reference for the file format.
 */
package dev.kanal.client.config;
