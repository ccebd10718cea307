package dev.kanal.stock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Listing imports as jobs (docs/decisions/0036): an import runs on a thread of its own and is
 * watched through its progress (pages, listings, the channel's total when it says one, else the
 * account's count at the last import, and an ETA from the rate so far) in the API, the console
 * and the log, instead of one HTTP call that blocks for a minute. One import per account at a
 * time; asking again while one runs answers the running one. The newest jobs are kept in memory
 * on the node that runs them (they are a view of work whose result is in the listing tables).
 */
public class ListingImportJobs {

    private static final Logger log = LoggerFactory.getLogger(ListingImportJobs.class);
    private static final int KEPT = 50;
    /** A progress line in the log at most this often (and at the end). */
    private static final Duration LOG_EVERY = Duration.ofSeconds(5);

    private final ListingImporter importer;
    private final StockCalculation calculation;
    private final StockNudges nudges;
    private final ChannelAccounts accounts;
    private final JdbcTemplate jdbc;
    private final Clock clock = Clock.systemUTC();
    private final Deque<Running> jobs = new ArrayDeque<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "listing-import");
        thread.setDaemon(true);
        return thread;
    });

    public ListingImportJobs(ListingImporter importer, StockCalculation calculation, StockNudges nudges, ChannelAccounts accounts,
                             JdbcTemplate jdbc) {
        this.importer = importer;
        this.calculation = calculation;
        this.nudges = nudges;
        this.accounts = accounts;
        this.jdbc = jdbc;
    }

    /**
     * A job's state as the API and the console show it.
     *
     * @param state        running, succeeded or failed
     * @param total        listings expected: the channel's count, else the account's count at its last import; null unknown
     * @param totalFrom    where {@code total} comes from: {@code channel} or {@code last-import}
     * @param percent      listings fetched of {@code total}, 0..100; null while the total is unknown
     * @param etaSeconds   seconds left at the rate so far; null while unknown
     * @param summary      what the import found, once it succeeded
     */
    public record Job(String id, String client, String account, String startedBy, String state, Instant startedAt,
                      Instant finishedAt, int pages, int listings, Integer total, String totalFrom, Integer percent,
                      Long etaSeconds, ListingImporter.ImportSummary summary, String error) {
    }

    /** Starts an import of the account, or answers the one that runs for it now. */
    public synchronized Job start(AccountRef ref, String user) {
        accounts.config(ref); // an unknown account is refused here, not on the job's thread
        long accountId = accounts.id(ref);
        for (Running job : jobs) {
            if (job.ref.equals(ref) && job.finishedAt == null) {
                return job.view();
            }
        }
        Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM listing WHERE channel_account_id = ?", Integer.class, accountId);
        Running job = new Running(UUID.randomUUID().toString().substring(0, 8), ref, user, clock.instant(),
                known == null || known == 0 ? null : known);
        jobs.addFirst(job);
        while (jobs.size() > KEPT) {
            jobs.removeLast();
        }
        log.info("Listing import {} of {}/{} started by {}", job.id, ref.client(), ref.account(), user);
        threads.submit(() -> run(job));
        return job.view();
    }

    public synchronized Optional<Job> find(String client, String id) {
        return jobs.stream().filter(j -> j.id.equals(id) && j.ref.client().equals(client)).findFirst().map(Running::view);
    }

    /** The client's newest jobs first. */
    public synchronized List<Job> recent(String client) {
        return jobs.stream().filter(j -> j.ref.client().equals(client)).map(Running::view).toList();
    }

    private void run(Running job) {
        try {
            ListingImporter.ImportSummary summary = importer.importListings(job.ref, job);
            nudges.nudge(calculation.recalculateAccount(job.ref));
            job.finish(summary, null);
            log.info("Listing import {} of {}/{} done in {} s: {} listings ({} new, {} updated), {} mapped now, {} unmapped",
                    job.id, job.ref.client(), job.ref.account(), Duration.between(job.startedAt, job.finishedAt).toSeconds(),
                    summary.listings(), summary.created(), summary.updated(), summary.mappedNow(), summary.unmapped());
        } catch (RuntimeException e) {
            job.finish(null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            log.warn("Listing import {} of {}/{} failed after {} listings: {}", job.id, job.ref.client(), job.ref.account(),
                    job.listings, job.error);
        }
    }

    /** One job as it runs: the importer's progress listener. */
    private final class Running implements ListingImporter.Progress {
        final String id;
        final AccountRef ref;
        final String user;
        final Instant startedAt;
        final Integer lastImport;
        volatile Integer channelTotal;
        volatile int pages;
        volatile int listings;
        volatile Instant finishedAt;
        volatile ListingImporter.ImportSummary summary;
        volatile String error;
        private Instant loggedAt;

        Running(String id, AccountRef ref, String user, Instant startedAt, Integer lastImport) {
            this.id = id;
            this.ref = ref;
            this.user = user;
            this.startedAt = startedAt;
            this.lastImport = lastImport;
            this.loggedAt = startedAt;
        }

        @Override
        public void total(int listings) {
            channelTotal = listings;
        }

        @Override
        public void page(int size) {
            pages++;
            listings += size;
            Instant now = clock.instant();
            if (Duration.between(loggedAt, now).compareTo(LOG_EVERY) >= 0) {
                loggedAt = now;
                Job view = view();
                log.info("Listing import {} of {}/{}: {} listings{} in {} pages, {}", id, ref.client(), ref.account(),
                        view.listings(), view.total() == null ? "" : " of " + view.total(), view.pages(),
                        view.etaSeconds() == null ? "no estimate yet" : "about " + view.etaSeconds() + " s left");
            }
        }

        void finish(ListingImporter.ImportSummary summary, String error) {
            this.summary = summary;
            this.error = error;
            this.finishedAt = clock.instant();
        }

        Job view() {
            Integer total = channelTotal != null ? channelTotal : lastImport;
            String totalFrom = channelTotal != null ? "channel" : lastImport != null ? "last-import" : null;
            String state = finishedAt == null ? "running" : error == null ? "succeeded" : "failed";
            Integer percent = null;
            Long eta = null;
            if (finishedAt != null) {
                percent = error == null ? 100 : null;
                eta = error == null ? 0L : null;
            } else if (total != null && total > 0) {
                percent = Math.min(99, (int) (100L * listings / total));
                long elapsedMillis = Duration.between(startedAt, clock.instant()).toMillis();
                if (listings > 0) {
                    eta = Math.max(0, (long) Math.ceil(elapsedMillis / 1000.0 * (total - listings) / listings));
                }
            }
            return new Job(id, ref.client(), ref.account(), user, state, startedAt, finishedAt, pages, listings, total, totalFrom,
                    percent, eta, summary, error);
        }
    }
}
