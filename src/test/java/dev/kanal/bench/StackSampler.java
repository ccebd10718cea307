package dev.kanal.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain sampling profiler: every {@code periodMillis} it takes a dump of every thread's stack
 * and counts, per thread group ({@link CpuMeter#group}), what the thread was doing: idle
 * (waiting for work), or busy in a PostgreSQL round trip, an Artemis call, an HTTP exchange, a
 * sleep, or Java code (named by its innermost Kanal frame). Busy samples of a group add up to
 * where that stage's wall time went. Taking a dump stops the JVM at a safepoint briefly, so the
 * profiled run is a little slower than an unprofiled one.
 */
final class StackSampler implements AutoCloseable {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<String, Map<String, Integer>> byGroup = new TreeMap<>();
    private final Map<String, Map<String, Integer>> kanalFrames = new TreeMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int dumps;
    private long dumpNanos;

    StackSampler(long periodMillis) {
        thread = new Thread(() -> {
            while (running) {
                long start = System.nanoTime();
                sample();
                dumpNanos += System.nanoTime() - start;
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-profiler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        ThreadInfo[] infos = threads.dumpAllThreads(false, false, 96);
        synchronized (this) {
            dumps++;
            for (ThreadInfo info : infos) {
                if (info == null || info.getThreadName().startsWith("bench-")) {
                    continue;
                }
                String group = CpuMeter.group(info.getThreadName());
                String what = classify(info.getStackTrace(), info.getThreadState());
                byGroup.computeIfAbsent(group, g -> new HashMap<>()).merge(what, 1, Integer::sum);
                if (!what.startsWith("idle")) {
                    String frame = innermostKanalFrame(info.getStackTrace());
                    if (frame == null && info.getStackTrace().length > 0) {
                        StackTraceElement top = info.getStackTrace()[0];
                        String c = top.getClassName();
                        frame = "(no Kanal frame) " + c.substring(c.lastIndexOf('.') + 1) + "." + top.getMethodName()
                                + " in " + info.getThreadName().replaceAll("[0-9]+", "N");
                    }
                    if (frame != null) {
                        kanalFrames.computeIfAbsent(group, g -> new HashMap<>()).merge(frame + "  [" + what + "]", 1, Integer::sum);
                    }
                }
            }
        }
    }

    /** What one stack is doing, judged from its frames, innermost first. */
    static String classify(StackTraceElement[] stack, Thread.State state) {
        boolean kanal = false;
        boolean jdbc = false;
        boolean listenerReceive = false;
        boolean commit = false;
        for (StackTraceElement frame : stack) {
            String c = frame.getClassName();
            kanal |= c.startsWith("dev.kanal.");
            jdbc |= c.startsWith("org.postgresql.");
            listenerReceive |= c.endsWith("AbstractPollingMessageListenerContainer") && frame.getMethodName().equals("receiveMessage");
            commit |= c.startsWith("org.springframework.") && frame.getMethodName().contains("ommit");
        }
        if (!kanal && !jdbc) {
            if (listenerReceive) {
                return "idle: waiting for a message";
            }
            if (commit) {
                return "JMS commit (Artemis)";
            }
            if (state != Thread.State.RUNNABLE) {
                return "idle: waiting (pools, timers, locks)";
            }
            if (stack.length > 0 && (stack[0].getClassName().startsWith("sun.nio.ch.") || stack[0].getMethodName().equals("accept")
                    || stack[0].getMethodName().startsWith("epoll"))) {
                return "idle: waiting for I/O";
            }
        }
        for (StackTraceElement frame : stack) {
            String c = frame.getClassName();
            String m = frame.getMethodName();
            if (c.startsWith("org.postgresql.")) {
                return "PostgreSQL round trip (JDBC)";
            }
            if (c.startsWith("org.apache.activemq.artemis.")) {
                return "Artemis (send/receive/commit)";
            }
            if (c.startsWith("jdk.internal.net.http.") || c.startsWith("java.net.http.")) {
                return "HTTP exchange (waiting for the channel)";
            }
            if (c.equals("java.util.concurrent.FutureTask") && m.equals("get")) {
                return "waiting for parallel calls";
            }
            if (c.equals("java.lang.Thread") && m.equals("sleep")) {
                return "sleep";
            }
            if (c.startsWith("dev.kanal.sandbox.")) {
                return "sandbox code";
            }
            if (c.startsWith("dev.kanal.")) {
                return "Kanal Java code";
            }
        }
        return state == Thread.State.RUNNABLE ? "other Java code (Spring, Camel, Jackson, JDK...)" : "idle: waiting (pools, timers, locks)";
    }

    private static String innermostKanalFrame(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("dev.kanal.")) {
                String c = frame.getClassName();
                return c.substring(c.lastIndexOf('.') + 1) + "." + frame.getMethodName() + ":" + frame.getLineNumber();
            }
        }
        return null;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Per group: samples by activity; then the innermost Kanal frames of the busy samples. */
    synchronized List<String> report(int topFrames) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%d thread dumps, %.1f ms each on average", dumps, dumps == 0 ? 0 : dumpNanos / 1e6 / dumps));
        byGroup.forEach((group, counts) -> {
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            int busy = counts.entrySet().stream().filter(e -> !e.getKey().startsWith("idle")).mapToInt(Map.Entry::getValue).sum();
            if (busy == 0) {
                return;
            }
            lines.add(String.format("  %s: %d thread-samples, %d busy (%.1f busy threads on average)", group, total, busy,
                    dumps == 0 ? 0 : busy / (double) dumps));
            counts.entrySet().stream().filter(e -> !e.getKey().startsWith("idle"))
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(e -> lines.add(String.format("      %5.1f%% of busy  %s", 100.0 * e.getValue() / busy, e.getKey())));
            Map<String, Integer> frames = kanalFrames.getOrDefault(group, Map.of());
            frames.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(topFrames)
                    .forEach(e -> lines.add(String.format("        %5.1f%%  at %s", 100.0 * e.getValue() / busy, e.getKey())));
        });
        return lines;
    }
}
