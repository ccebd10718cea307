package dev.kanal.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.quartz.spi.InstanceIdGenerator;

/**
 * Names each node in the clustered Quartz store (application.yaml, {@code org.quartz.scheduler.instanceIdGenerator.class}).
 * Quartz's own AUTO id is the host name and the start's millisecond, which two nodes started
 * together on one machine can share: each would then take the other's check-ins for its own
 * and never recover the other's jobs when it dies. The process id keeps two processes apart;
 * the millisecond keeps a restarted process (which may get the same pid) apart from its
 * predecessor, whose row Quartz must see as a dead node.
 */
public class QuartzInstanceIds implements InstanceIdGenerator {

    @Override
    public String generateInstanceId() {
        return host() + "-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
