package dev.kanal.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CPU time spent between two snapshots: by this JVM as a whole, by its threads grouped by what
 * they do (calculator consumers, writer consumers, the sandboxes' Tomcat threads...), and by
 * the local PostgreSQL server's processes (read from /proc; the database runs on the same
 * machine and competes for the same cores).
 */
final class CpuMeter {

    /** Linux USER_HZ ({@code getconf CLK_TCK}); 100 on every common kernel build. */
    private static final long TICKS_PER_SECOND = 100;

    record Snapshot(long wallNanos, long processCpuNanos, Map<Long, ThreadCpu> threads, Map<Long, Long> postgresTicks,
                    Set<Long> ourBackends, long machineBusyTicks, Map<String, Long> jvmTicks) {
    }

    record ThreadCpu(String name, long cpuNanos) {
    }

    private CpuMeter() {
    }

    /** @param ourBackends pids of the PostgreSQL backends serving this run's connections (pg_stat_activity) */
    static Snapshot take(Set<Long> ourBackends) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, ThreadCpu> cpu = new HashMap<>();
        for (ThreadInfo info : threads.dumpAllThreads(false, false, 0)) {
            if (info == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                cpu.put(info.getThreadId(), new ThreadCpu(info.getThreadName(), nanos));
            }
        }
        return new Snapshot(System.nanoTime(), processCpuNanos(), cpu, postgresTicks(), ourBackends, machineBusyTicks(), jvmTicks());
    }

    /** What a thread does, from its name (names are Camel's, Tomcat's, the JDK's and Artemis's). */
    static String group(String threadName) {
        String name = threadName.toLowerCase();
        if (name.contains("jmsconsumer[kanal.stock.changed]")) {
            return "stock-changed hop (JMS consumers of kanal.stock.changed)";
        }
        if (name.contains("timer://stock-recalculate")) {
            return "calculator timer (stock-recalculate)";
        }
        if (name.contains("jmsconsumer[kanal.channel.stock]")) {
            return "channel writers (JMS consumers of kanal.channel.stock)";
        }
        if (name.startsWith("http-nio-")) {
            return "sandboxes + admin API (Tomcat request threads)";
        }
        if (name.startsWith("httpclient-") || name.startsWith("backmarket-call")) {
            return "connectors (JDK HttpClient, Back Market call pool)";
        }
        if (name.contains("quartz")) {
            return "source poller (Quartz workers)";
        }
        if (name.contains("activemq") || name.contains("artemis")) {
            return "Artemis broker";
        }
        if (name.startsWith("bench-") || name.equals("main")) {
            return "benchmark harness";
        }
        if (name.startsWith("camel")) {
            return "Camel (timers, other consumers)";
        }
        return "other JVM threads";
    }

    /** Lines describing the CPU used between {@code from} and {@code to}. */
    static List<String> report(Snapshot from, Snapshot to) {
        double wall = (to.wallNanos() - from.wallNanos()) / 1e9;
        double process = (to.processCpuNanos() - from.processCpuNanos()) / 1e9;
        Map<String, Double> groups = new LinkedHashMap<>();
        Map<String, Double> byThread = new HashMap<>();
        double javaThreads = 0;
        for (Map.Entry<Long, ThreadCpu> e : to.threads().entrySet()) {
            ThreadCpu before = from.threads().get(e.getKey());
            double seconds = (e.getValue().cpuNanos() - (before == null ? 0 : before.cpuNanos())) / 1e9;
            if (seconds <= 0) {
                continue;
            }
            javaThreads += seconds;
            groups.merge(group(e.getValue().name()), seconds, Double::sum);
            byThread.merge(e.getValue().name(), seconds, Double::sum);
        }
        long postgresTicks = 0;
        long ourTicks = 0;
        for (Map.Entry<Long, Long> e : to.postgresTicks().entrySet()) {
            // a backend that started in between counts from zero; one that ended is not seen
            long ticks = e.getValue() - from.postgresTicks().getOrDefault(e.getKey(), 0L);
            postgresTicks += ticks;
            if (to.ourBackends().contains(e.getKey()) || from.ourBackends().contains(e.getKey())) {
                ourTicks += ticks;
            }
        }
        double postgres = postgresTicks / (double) TICKS_PER_SECOND;
        double ours = ourTicks / (double) TICKS_PER_SECOND;
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("wall %.2f s x %d cores = %.2f core-seconds available", wall, cores, wall * cores));
        lines.add(String.format("  Kanal JVM process   %7.2f s CPU (%4.0f%% of available)", process, 100 * process / (wall * cores)));
        groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).forEach(g ->
                lines.add(String.format("    %-58s %7.2f s", g.getKey(), g.getValue())));
        lines.add(String.format("    %-58s %7.2f s", "JVM itself (GC, JIT compiler; process minus Java threads)",
                Math.max(0, process - javaThreads)));
        to.jvmTicks().forEach((group, ticks) -> {
            double seconds = (ticks - from.jvmTicks().getOrDefault(group, 0L)) / (double) TICKS_PER_SECOND;
            lines.add(String.format("      %-56s %7.2f s", "of which " + group, seconds));
        });
        lines.add(String.format("  PostgreSQL processes %6.2f s CPU (%4.0f%% of available), of which the backends of this run's connections %.2f s",
                postgres, 100 * postgres / (wall * cores), ours));
        double machine = (to.machineBusyTicks() - from.machineBusyTicks()) / (double) TICKS_PER_SECOND;
        lines.add(String.format("  whole machine busy  %7.2f s CPU (%4.0f%% of available); other processes %.2f s",
                machine, 100 * machine / (wall * cores), Math.max(0, machine - process - postgres)));
        lines.add("  busiest Java threads:");
        byThread.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8).forEach(t ->
                lines.add(String.format("    %7.2f s  %s", t.getValue(), t.getKey())));
        return lines;
    }

    /** Seconds of CPU of the three processes an order costs: this JVM, all of PostgreSQL, the sandbox JVM. */
    record PerProcess(double kanalSeconds, double postgresSeconds, double sandboxSeconds) {
    }

    static PerProcess perProcess(Snapshot from, Snapshot to, long sandboxTicks) {
        long postgresTicks = 0;
        for (Map.Entry<Long, Long> e : to.postgresTicks().entrySet()) {
            postgresTicks += e.getValue() - from.postgresTicks().getOrDefault(e.getKey(), 0L);
        }
        return new PerProcess((to.processCpuNanos() - from.processCpuNanos()) / 1e9, postgresTicks / (double) TICKS_PER_SECOND,
                sandboxTicks / (double) TICKS_PER_SECOND);
    }

    /** One line: the JVM's CPU by the three biggest thread groups, and PostgreSQL's. */
    static String compact(Snapshot from, Snapshot to) {
        List<String> lines = report(from, to);
        List<String> groups = new ArrayList<>();
        for (String line : lines.subList(2, Math.min(lines.size(), 5))) {
            groups.add(line.trim().replaceAll("\\s{2,}", " "));
        }
        return lines.get(1).trim().replaceAll("\\s{2,}", " ") + " [" + String.join("; ", groups) + "]; "
                + lines.stream().filter(l -> l.trim().startsWith("PostgreSQL")).findFirst().orElse("").trim().replaceAll("\\s{2,}", " ");
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** Ticks the machine's CPUs spent on anything but idle and I/O wait (first line of /proc/stat). */
    static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * CPU ticks of this JVM's own threads by kind, from /proc/self/task (the JVM names them; Java
     * threads are counted above from their MXBean): JIT compiler, garbage collector, VM thread.
     */
    static Map<String, Long> jvmTicks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        ticks.put("JIT compiler threads", 0L);
        ticks.put("garbage collector threads", 0L);
        ticks.put("VM thread (safepoints)", 0L);
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String kind = comm.contains("CompilerThre") ? "JIT compiler threads"
                            : comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? "garbage collector threads"
                            : comm.equals("VM Thread") ? "VM thread (safepoints)" : null;
                    if (kind != null) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks.merge(kind, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return ticks;
    }

    /** utime + stime of every process whose name is postgres, in clock ticks, by pid. */
    static Map<Long, Long> postgresTicks() {
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                if (!proc.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (open < 0 || close < 0 || !stat.substring(open + 1, close).startsWith("postgres")) {
                        continue;
                    }
                    String[] fields = stat.substring(close + 2).split(" ");
                    // after "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12
                    ticks.put(Long.parseLong(proc.getFileName().toString()), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return ticks;
    }
}
