package dev.kanal.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap use of this JVM while it runs: {@code MemoryMXBean} heap used, sampled every
 * {@code periodMillis} by a daemon thread, plus what the garbage collector itself reports for
 * each collection (heap used just before and just after it), which catches the peaks between
 * two samples and shows what was still live after each collection.
 */
final class HeapMonitor implements AutoCloseable {

    private static final long MB = 1024 * 1024;
    private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());

    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakBeforeGc = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();
    private final AtomicLong gcPauseMillis = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;
    private final Thread sampler;
    private volatile boolean running = true;

    HeapMonitor(String name, long periodMillis) {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-" + name);
        sampler.setDaemon(true);
        sample();
        sampler.start();
    }

    static long usedNow() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Heap used right after a full collection: roughly what is live (System.gc() is a full, stop-the-world GC on G1). */
    static long usedAfterFullGc() {
        System.gc();
        return usedNow();
    }

    static long maxHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    }

    static String mb(long bytes) {
        return Long.toString(Math.round(bytes / (double) MB));
    }

    private void sample() {
        peakUsed.accumulateAndGet(usedNow(), Math::max);
        samples.incrementAndGet();
    }

    private void onGc(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        peakBeforeGc.accumulateAndGet(heap(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
        peakAfterGc.accumulateAndGet(heap(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
        gcPauseMillis.addAndGet(info.getGcInfo().getDuration());
        collections.incrementAndGet();
    }

    private static long heap(Map<String, MemoryUsage> pools) {
        return pools.entrySet().stream().filter(e -> HEAP_POOLS.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
    }

    /** Largest sampled heap used. */
    long peakUsed() {
        return peakUsed.get();
    }

    /** Largest heap used just before a collection (a peak the sampler may have missed). */
    long peakBeforeGc() {
        return peakBeforeGc.get();
    }

    /** Largest heap still used right after a collection. */
    long peakAfterGc() {
        return peakAfterGc.get();
    }

    long collections() {
        return collections.get();
    }

    /** Summed duration of the collections (G1 young pauses are stop-the-world; concurrent cycles are not pauses). */
    long gcMillis() {
        return gcPauseMillis.get();
    }

    long samples() {
        return samples.get();
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
    }
}
