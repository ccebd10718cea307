package dev.kanal.connector;

import dev.kanal.client.config.ChannelType;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The connectors present: every {@link ChannelConnector} bean, by channel type. This is how the
 * flows know which channels Kanal can poll, acknowledge, ship to, refund on and receive webhooks
 * from; nothing else lists channel types. A type with no connector here (a configured Walmart
 * account before the Walmart connector exists) is loaded from the client files and reported by
 * {@link ConnectorCoverage}, and the flows pass its accounts over.
 */
@Component
public class ChannelConnectors {

    private final Map<ChannelType, ChannelConnector> byType = new EnumMap<>(ChannelType.class);

    /** @throws IllegalStateException when two connectors serve one channel type */
    public ChannelConnectors(List<ChannelConnector> connectors) {
        for (ChannelConnector connector : connectors) {
            ChannelConnector before = byType.putIfAbsent(connector.type(), connector);
            if (before != null) {
                throw new IllegalStateException("Two connectors serve channel type " + code(connector.type()) + ": " + before
                        + " and " + connector + "; declare one ChannelConnector bean per channel type");
            }
        }
    }

    public static ChannelConnectors of(ChannelConnector... connectors) {
        return new ChannelConnectors(List.of(connectors));
    }

    public Optional<ChannelConnector> find(ChannelType type) {
        return Optional.ofNullable(type == null ? null : byType.get(type));
    }

    /**
     * The connector of a channel type as the database stores it ({@code channel_account.channel_type},
     * {@link ChannelType#name()}); empty for a name Kanal does not know.
     */
    public Optional<ChannelConnector> find(String storedType) {
        if (storedType == null) {
            return Optional.empty();
        }
        try {
            return find(ChannelType.valueOf(storedType));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    /** One capability of a channel type's connector; empty when there is no connector or it does not offer it. */
    public <T> Optional<T> capability(ChannelType type, Function<ChannelConnector, Optional<T>> capability) {
        return find(type).flatMap(capability);
    }

    /** As {@link #capability(ChannelType, Function)}, for a type as the database stores it. */
    public <T> Optional<T> capability(String storedType, Function<ChannelConnector, Optional<T>> capability) {
        return find(storedType).flatMap(capability);
    }

    /** Whether a connector for the type offers the capability. */
    public boolean offers(ChannelType type, ChannelConnector.Capability capability) {
        return find(type).map(c -> c.capabilities().contains(capability)).orElse(false);
    }

    /** The channel types with a connector, in {@link ChannelType} order. */
    public List<ChannelType> types() {
        return List.copyOf(byType.keySet());
    }

    /** The channel types whose connector offers the capability, as the client file spells them (for messages). */
    public List<String> typesOffering(ChannelConnector.Capability capability) {
        return byType.values().stream().filter(c -> c.capabilities().contains(capability)).map(c -> code(c.type())).toList();
    }

    /** The channel's name as people write it; the client file's spelling when Kanal has no connector for it. */
    public String displayName(ChannelType type) {
        return find(type).map(ChannelConnector::displayName).orElseGet(() -> code(type));
    }

    /** The type as the client file spells it ({@code backmarket}). */
    public static String code(ChannelType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
