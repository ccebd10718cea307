/**
 * The connector SPI: what every channel connector offers Kanal, independent of the channel. Each
 * channel's connector lives in a sub-package ({@code connector.backmarket}, ...), declares one
 * {@link dev.kanal.connector.ChannelConnector} bean naming its capabilities, and never reaches
 * into another connector or into a flow's package; the flows find it through
 * {@link dev.kanal.connector.ChannelConnectors} (docs/decisions/0029, checked by
 * {@code PackageRulesTest}).
 */
package dev.kanal.connector;
