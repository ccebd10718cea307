package dev.kanal.onboarding;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reload asked of one node reaches every node on the same broker (docs/decisions/0048). The
 * node an operator asked reloads, and when that changed anything it announces so on the reload
 * topic; every other node, reading the same client files, reloads on the announcement. A node's
 * own announcement comes back to it too and is ignored. A node that follows never announces
 * again, so an announcement does not echo round the cluster. A node that is down misses it and
 * reads the files when it starts, as always.
 */
public class ClientReloadBroadcast {

    /** The announcement's header naming the node that reloaded. */
    public static final String ORIGIN_HEADER = "kanalReloadedBy";

    private static final Logger log = LoggerFactory.getLogger(ClientReloadBroadcast.class);

    private final ClientReload reload;
    private final BiConsumer<String, String> announce;
    private final String node;

    /**
     * @param announce sends (this node, summary of what changed) to the other nodes
     */
    public ClientReloadBroadcast(ClientReload reload, BiConsumer<String, String> announce) {
        this(reload, announce, defaultNodeName());
    }

    ClientReloadBroadcast(ClientReload reload, BiConsumer<String, String> announce, String node) {
        this.reload = reload;
        this.announce = announce;
        this.node = node;
    }

    /** pid@host, readable in logs, and a suffix so that two starts of one pid never share it. */
    static String defaultNodeName() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This node's name in announcements. */
    public String node() {
        return node;
    }

    /**
     * The reload an operator asked of this node; when it changed something the other nodes are
     * told. An announcement that cannot be sent (the broker down) does not undo this node's reload:
     * the outcome says so and the log names the nodes' way back in step.
     */
    public ClientReload.Outcome reloadHere() {
        ClientReload.Outcome outcome = reload.reload();
        if (!outcome.applied() || !outcome.changedAnything()) {
            return outcome;
        }
        try {
            announce.accept(node, outcome.summary());
            return outcome.toldOtherNodes();
        } catch (RuntimeException e) {
            log.warn("Client files reloaded on this node ({}) but the other nodes were not told: {}. "
                    + "Reload each of them (POST /admin/clients/reload) once the broker answers.", node, e.getMessage());
            return outcome;
        }
    }

    /**
     * Another node's announcement: this node reloads its own files. Never throws: a follower's
     * refusal or failure is logged and leaves its running configuration, and is not retried (the
     * next reload, or a restart, brings it in step).
     *
     * @return this node's outcome; null for its own announcement
     */
    public ClientReload.Outcome follow(String origin, String summary) {
        if (node.equals(origin)) {
            return null;
        }
        try {
            ClientReload.Outcome outcome = reload.reload();
            if (outcome.applied()) {
                log.info("Client files reloaded as node {} did ({}): here {}", origin, summary, outcome.summary());
            } else {
                log.warn("Client files reloaded on node {} ({}) but refused here, this node keeps its configuration: {}",
                        origin, summary, String.join("; ", outcome.problems()));
            }
            return outcome;
        } catch (RuntimeException e) {
            log.error("Client files reloaded on node {} ({}) but failed here: {}", origin, summary, e.getMessage(), e);
            return ClientReload.Outcome.refused(List.of("reload failed on this node: " + e.getMessage()));
        }
    }
}
