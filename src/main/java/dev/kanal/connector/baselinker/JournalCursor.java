package dev.kanal.connector.baselinker;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Where to start reading an account's order journal for "changes since a time". The journal is
 * paged by event id, not by time, so the reader remembers, for events it has read, which id
 * came at which time; a poll for changes since {@code t} starts after the last event it knows
 * before {@code t}. In memory only: after a restart the first poll reads the journal from its
 * start (BaseLinker keeps three days). Points older than that are forgotten.
 */
final class JournalCursor {

    private static final Duration KEPT = Duration.ofDays(3);

    /** Event time (epoch seconds) to the highest event id read at that time. */
    private final NavigableMap<Long, Long> points = new TreeMap<>();

    /** The event id to read after: the last known event strictly before {@code since}; 0 when none. */
    synchronized long startAfter(Instant since) {
        Map.Entry<Long, Long> before = points.lowerEntry(since.getEpochSecond());
        return before == null ? 0 : before.getValue();
    }

    /** An event read: its id and time. */
    synchronized void read(long logId, long epochSecond) {
        points.merge(epochSecond, logId, Math::max);
        long oldest = Instant.now().minus(KEPT).getEpochSecond();
        points.headMap(oldest, false).clear();
    }
}
