package dev.kanal.connector;

import dev.kanal.client.config.SourceType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The {@link SourceConnector} beans present, by source type: how the stock poll and the order writer reach a shop source. */
@Component
public class SourceConnectors {

    private final Map<SourceType, SourceConnector> byType = new EnumMap<>(SourceType.class);

    /** @throws IllegalStateException when two connectors serve one source type */
    public SourceConnectors(List<SourceConnector> connectors) {
        for (SourceConnector connector : connectors) {
            SourceConnector before = byType.putIfAbsent(connector.type(), connector);
            if (before != null) {
                throw new IllegalStateException("Two source connectors serve source type " + connector.type() + ": " + before
                        + " and " + connector);
            }
        }
    }

    public static SourceConnectors of(SourceConnector... connectors) {
        return new SourceConnectors(List.of(connectors));
    }

    public Optional<SourceConnector> find(SourceType type) {
        return Optional.ofNullable(type == null ? null : byType.get(type));
    }

    /** @throws IllegalStateException when no connector serves the type (a source Kanal cannot reach) */
    public SourceConnector require(SourceType type) {
        return find(type).orElseThrow(() -> new IllegalStateException("No source connector serves source type " + type));
    }
}
