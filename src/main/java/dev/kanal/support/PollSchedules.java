package dev.kanal.support;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerKey;

/**
 * Adds and removes a poll route made from a route template while Kanal runs (a client file
 * reloaded, docs/decisions/0036). Removing one also deletes its clustered Quartz job: Camel
 * leaves a clustered job in the shared store when its route stops (other nodes may still run
 * it), and a schedule of an account that is gone must not stay behind.
 */
public final class PollSchedules {

    private PollSchedules() {
    }

    /** Makes and starts the route {@code routeId} from {@code template}, unless it exists already. */
    public static void add(CamelContext camel, String routeId, String template, Map<String, Object> parameters) {
        if (camel.getRoute(routeId) != null) {
            return;
        }
        try {
            camel.addRouteFromTemplate(routeId, template, parameters);
        } catch (Exception e) {
            throw new IllegalStateException("Route " + routeId + " not made from template " + template + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops and removes the route {@code routeId} if it exists, and deletes the Quartz job
     * {@code group/name} of its {@code quartz:} endpoint from the (clustered) job store.
     */
    public static void remove(CamelContext camel, String routeId, String quartzGroup, String quartzName) {
        try {
            if (camel.getRoute(routeId) != null) {
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
            }
            Scheduler scheduler = camel.getComponent("quartz", QuartzComponent.class).getScheduler();
            if (scheduler != null) {
                scheduler.unscheduleJob(TriggerKey.triggerKey(quartzName, quartzGroup));
                scheduler.deleteJob(JobKey.jobKey(quartzName, quartzGroup));
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("Schedule " + quartzGroup + "/" + quartzName + " not deleted: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("Route " + routeId + " not removed: " + e.getMessage(), e);
        }
    }
}
