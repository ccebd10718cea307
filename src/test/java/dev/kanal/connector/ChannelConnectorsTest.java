package dev.kanal.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.client.config.ChannelType;
import dev.kanal.client.config.ClientConfigLoader;
import dev.kanal.client.config.ClientRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The channels Kanal serves are the connector descriptors present, and nothing else. */
class ChannelConnectorsTest {

    /** The shipped example client: a Back Market, a WooCommerce and a BaseLinker account. */
    private static final ClientRegistry ACME = ClientRegistry.of(new ClientConfigLoader(name -> null).load(Path.of("clients", "acme.yaml")));

    private static final ChannelWebhooks NO_WEBHOOKS = new ChannelWebhooks() {
        @Override
        public String deliveryPath(String client, String account) {
            return "/webhooks/x/" + client + "/" + account;
        }

        @Override
        public List<Registered> register(ChannelConnection connection, String deliveryUrl, String secret) {
            return List.of();
        }
    };

    @Test
    void aConfiguredTypeWithoutAConnectorBeanIsReportedUntilOneExists() {
        ChannelConnectors withoutBaseLinker = ChannelConnectors.of(
                ChannelConnector.of(ChannelType.BACKMARKET, "Back Market").build(),
                ChannelConnector.of(ChannelType.WOOCOMMERCE, "WooCommerce").build());
        assertThat(new ConnectorCoverage(ACME, withoutBaseLinker).accountsWithoutConnector())
                .containsExactly("acme/baselinker-allegro (baselinker)");

        ChannelConnectors withBaseLinker = ChannelConnectors.of(
                ChannelConnector.of(ChannelType.BACKMARKET, "Back Market").build(),
                ChannelConnector.of(ChannelType.WOOCOMMERCE, "WooCommerce").build(),
                ChannelConnector.of(ChannelType.BASELINKER, "BaseLinker").build());
        assertThat(new ConnectorCoverage(ACME, withBaseLinker).accountsWithoutConnector()).isEmpty();
    }

    @Test
    void capabilitiesAreFoundByTypeAsConfiguredOrAsStored() {
        ChannelConnectors connectors = ChannelConnectors.of(
                ChannelConnector.of(ChannelType.WOOCOMMERCE, "WooCommerce").webhooks(NO_WEBHOOKS).build(),
                ChannelConnector.of(ChannelType.BACKMARKET, "Back Market").build());

        assertThat(connectors.capability(ChannelType.WOOCOMMERCE, ChannelConnector::webhooks)).containsSame(NO_WEBHOOKS);
        assertThat(connectors.capability("WOOCOMMERCE", ChannelConnector::webhooks)).containsSame(NO_WEBHOOKS);
        assertThat(connectors.capability(ChannelType.BACKMARKET, ChannelConnector::webhooks)).isEmpty();
        assertThat(connectors.capability(ChannelType.WALMART, ChannelConnector::stock)).isEmpty();
        assertThat(connectors.find("NOT_A_CHANNEL")).isEmpty();
        assertThat(connectors.offers(ChannelType.WOOCOMMERCE, ChannelConnector.Capability.WEBHOOKS)).isTrue();
        assertThat(connectors.typesOffering(ChannelConnector.Capability.WEBHOOKS)).containsExactly("woocommerce");
        assertThat(connectors.types()).containsExactly(ChannelType.BACKMARKET, ChannelType.WOOCOMMERCE);
        assertThat(connectors.displayName(ChannelType.BACKMARKET)).isEqualTo("Back Market");
        assertThat(connectors.displayName(ChannelType.WALMART)).isEqualTo("walmart");
    }

    @Test
    void twoConnectorsForOneTypeAreRefused() {
        assertThatThrownBy(() -> ChannelConnectors.of(
                ChannelConnector.of(ChannelType.WALMART, "Walmart").build(),
                ChannelConnector.of(ChannelType.WALMART, "Walmart US").build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Two connectors serve channel type walmart");
    }
}
