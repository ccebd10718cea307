package dev.kanal.sandbox.subiekt;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.SourceType;
import dev.kanal.connector.subiekt.SourceDataSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * With the sandboxes on, every Subiekt-style client's ERP database gets the sandbox tables
 * before the first poll, so a fresh demo or test run has an (empty) ERP to read.
 */
@Component
@ConditionalOnProperty(name = "kanal.sandbox.enabled", havingValue = "true", matchIfMissing = true)
class SubiektSandboxSchema {

    private static final Logger log = LoggerFactory.getLogger(SubiektSandboxSchema.class);

    SubiektSandboxSchema(ClientRegistry clients, SourceDataSources sources) {
        SubiektSandboxDatabase database = new SubiektSandboxDatabase();
        for (ClientConfig client : clients.all()) {
            if (client.source().type() == SourceType.SUBIEKT) {
                try {
                    database.ensureSchema(sources.of(client.id(), client.source()));
                } catch (RuntimeException e) {
                    log.warn("Sandbox ERP of {} not prepared: {}", client.id(), e.getMessage());
                }
            }
        }
    }
}
