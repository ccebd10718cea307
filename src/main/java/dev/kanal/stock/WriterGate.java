package dev.kanal.stock;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps bursts from flooding the channel-stock queue: while a nudge for an account is queued
 * and its writer has not started draining, further nudges for it are redundant, because the
 * writer reads every pending listing when it runs. The periodic sweep nudges regardless, so
 * a nudge lost on the way never leaves an account stuck.
 */
public class WriterGate {

    private final Set<AccountRef> queued = ConcurrentHashMap.newKeySet();

    /** True when a nudge should be sent (none is queued for the account yet). */
    public boolean shouldNudge(AccountRef account) {
        return queued.add(account);
    }

    /** The writer is starting to read pending listings: the next change needs a new nudge. */
    public void draining(AccountRef account) {
        queued.remove(account);
    }
}
