package dev.kanal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.KanalIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.component.timer.TimerEndpoint;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;

/**
 * Schedules that must run once per cluster are jobs in the clustered Quartz store (decision
 * 0026), and a trigger in that store fires on one scheduler instance per period however many
 * share the tables.
 */
class ClusteredSchedulesTest extends KanalIntegrationTest {

    /** Route id, Quartz group/name of every once-per-cluster schedule. */
    private static final Map<String, String> CLUSTERED = Map.of(
            "stock-reconcile", "kanal-reconcile/stock",
            "stock-writer-sweep", "kanal-sweeps/stock-writer",
            "price-writer-sweep", "kanal-sweeps/price-writer",
            "shipments-sweep", "kanal-sweeps/shipments",
            "invoices-sweep", "kanal-sweeps/invoices",
            "order-changes-sweep", "kanal-sweeps/order-changes",
            "orders-sweep-timer", "kanal-sweeps/orders",
            "orders-acknowledge-sweep-timer", "kanal-sweeps/orders-acknowledge",
            "products-out-sweep", "kanal-sweeps/products-out");

    @Autowired Scheduler quartz;
    @Autowired JdbcTemplate jdbc;
    @Autowired DataSource dataSource;
    @Autowired CamelContext camel;

    @Test
    void eachProcessChecksInUnderAnIdOfItsOwn() throws Exception {
        String id = quartz.getSchedulerInstanceId();
        assertThat(id).as("host, pid and start: two nodes started together on one machine differ by their pid")
                .contains("-" + ProcessHandle.current().pid() + "-");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = ? AND instance_name = ?",
                Integer.class, quartz.getSchedulerName(), id)).as("this node's check-in row").isEqualTo(1);
        assertThat(new QuartzInstanceIds().generateInstanceId()).as("a restart with the same pid is another instance")
                .isNotEqualTo(id);
    }

    @Test
    void theReconcileAndTheSweepsAreStatefulJobsInTheClusteredStore() throws Exception {
        assertThat(quartz.getMetaData().isJobStoreClustered()).isTrue();
        String scheduler = quartz.getSchedulerName();
        CLUSTERED.forEach((routeId, job) -> {
            assertThat(camel.getRoute(routeId).getEndpoint()).as(routeId).isInstanceOf(QuartzEndpoint.class);
            String[] key = job.split("/");
            assertThat(jdbc.queryForObject("SELECT is_nonconcurrent FROM qrtz_job_details WHERE sched_name = ? AND job_group = ? AND job_name = ?",
                    Boolean.class, scheduler, key[0], key[1])).as(job + " is stored and never overlaps itself").isTrue();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM qrtz_triggers WHERE sched_name = ? AND trigger_group = ? AND trigger_name = ?",
                    Integer.class, scheduler, key[0], key[1])).as(job + " has its trigger").isEqualTo(1);
        });
        assertThat(jdbc.queryForObject("SELECT repeat_interval FROM qrtz_simple_triggers WHERE sched_name = ? AND trigger_group = ? AND trigger_name = ?",
                Long.class, scheduler, "kanal-reconcile", "stock")).as("kanal.stock.reconcile-period").isEqualTo(900_000L);
        assertThat(jdbc.queryForObject("SELECT repeat_interval FROM qrtz_simple_triggers WHERE sched_name = ? AND trigger_group = ? AND trigger_name = ?",
                Long.class, scheduler, "kanal-sweeps", "shipments")).as("kanal.orders.sweep-period").isEqualTo(60_000L);

        var reconcile = (SimpleTrigger) quartz.getTrigger(TriggerKey.triggerKey("stock", "kanal-reconcile"));
        assertThat(reconcile.getMisfireInstruction()).as("missed runs are skipped, not caught up at start-up")
                .isEqualTo(SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT);
        assertThat(quartz.getJobDetail(JobKey.jobKey("stock", "kanal-reconcile")).requestsRecovery()).isTrue();

        // per node on purpose: they act on this node's memory
        assertThat(camel.getRoute("stock-recalculate-tick").getEndpoint()).isInstanceOf(TimerEndpoint.class);
        assertThat(camel.getRoute("stock-push-upkeep").getEndpoint()).isInstanceOf(TimerEndpoint.class);
    }

    @Test
    void aScheduleLikeTheReconcileFirstRunsOnePeriodAfterItIsStoredNotAtOnce() throws Exception {
        String routeId = "first-run-" + RUN;
        TriggerKey key = TriggerKey.triggerKey(routeId, "kanal-test");
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // the reconcile's options (routes/flows/stock-out.camel.yaml), with an hour's period
                from("quartz:kanal-test/" + routeId + "?trigger.repeatInterval=3600000&trigger.repeatCount=-1"
                        + "&trigger.misfireInstruction=4&triggerStartDelay=-61000&stateful=true")
                        .routeId(routeId).log("ran");
            }
        });
        try {
            Awaitility.await("the misfired start moved to the next slot").atMost(Duration.ofSeconds(120))
                    .until(() -> quartz.getTrigger(key).getNextFireTime().getTime() > System.currentTimeMillis());
            var trigger = quartz.getTrigger(key);
            assertThat(trigger.getNextFireTime().getTime() - trigger.getStartTime().getTime()).isEqualTo(3_600_000L);
            assertThat(camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class).getManagedRoute(routeId)
                    .getExchangesTotal()).as("never ran").isZero();
        } finally {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
            quartz.deleteJob(JobKey.jobKey(routeId, "kanal-test"));
        }
    }

    @Test
    void twoSchedulerInstancesOnTheSameTablesFireEachPeriodOnce() throws Exception {
        String name = "kanal-pair-" + RUN; // its own scheduler name: Kanal's own jobs are not touched
        SchedulerFactoryBean first = instance(name, "pair-a");
        SchedulerFactoryBean second = instance(name, "pair-b");
        try {
            Scheduler a = first.getObject();
            Scheduler b = second.getObject();
            assertThat(a.getMetaData().isJobStoreClustered()).isTrue();
            assertThat(b.getSchedulerInstanceId()).isNotEqualTo(a.getSchedulerInstanceId());
            int fires = 20;
            a.scheduleJob(JobBuilder.newJob(RecordingJob.class).withIdentity("tick", "pair").build(),
                    TriggerBuilder.newTrigger().withIdentity("tick", "pair").startNow()
                            .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(200).withRepeatCount(fires - 1))
                            .build());
            a.start();
            b.start();

            Awaitility.await("every period fired").atMost(Duration.ofSeconds(60))
                    .until(() -> RecordingJob.runs(name).size() >= fires && a.getTrigger(TriggerKey.triggerKey("tick", "pair")) == null);

            Map<Long, List<String>> runs = RecordingJob.runs(name);
            assertThat(runs).as("one entry per scheduled fire time").hasSize(fires);
            runs.forEach((scheduledAt, instances) -> assertThat(instances).as("instances that ran the fire of " + scheduledAt).hasSize(1));
        } finally {
            second.destroy();
            first.destroy();
            for (String table : List.of("qrtz_fired_triggers", "qrtz_simple_triggers", "qrtz_triggers", "qrtz_job_details",
                    "qrtz_scheduler_state", "qrtz_locks")) {
                jdbc.update("DELETE FROM " + table + " WHERE sched_name = ?", name);
            }
        }
    }

    /** One more scheduler instance on Kanal's Quartz tables, clustered, not started. */
    private SchedulerFactoryBean instance(String name, String instanceId) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", name);
        properties.setProperty("org.quartz.scheduler.instanceId", instanceId);
        properties.setProperty("org.quartz.jobStore.isClustered", "true");
        properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", "1000");
        properties.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        properties.setProperty("org.quartz.threadPool.threadCount", "2");
        SchedulerFactoryBean factory = new SchedulerFactoryBean();
        factory.setSchedulerName(name);
        factory.setQuartzProperties(properties);
        factory.setDataSource(dataSource);
        factory.setAutoStartup(false);
        factory.setWaitForJobsToCompleteOnShutdown(true);
        factory.afterPropertiesSet();
        return factory;
    }

    /** Records which scheduler instance ran each scheduled fire time. */
    @DisallowConcurrentExecution
    public static class RecordingJob implements Job {

        private static final Map<String, Map<Long, List<String>>> RUNS = new ConcurrentHashMap<>();

        static Map<Long, List<String>> runs(String scheduler) {
            return RUNS.computeIfAbsent(scheduler, s -> new ConcurrentHashMap<>());
        }

        @Override
        public void execute(JobExecutionContext context) {
            try {
                runs(context.getScheduler().getSchedulerName())
                        .computeIfAbsent(context.getScheduledFireTime().getTime(), t -> Collections.synchronizedList(new ArrayList<>()))
                        .add(context.getScheduler().getSchedulerInstanceId());
            } catch (SchedulerException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
