package dev.kanal.connector;

import java.time.Duration;

/**
 * One channel account's calls-per-minute budget: never more than {@code callsPerMinute} calls in
 * any rolling 60-second window (docs/decisions/0005), and a 429 stops every call to the account
 * for the channel's Retry-After. {@link ChannelHttp} takes one call from it before every request;
 * {@link CallBudgets} says where it is kept (this JVM, or the database all nodes share).
 */
public interface AccountCallBudget {

    /** Takes one call, waiting as long as needed. */
    void acquire() throws InterruptedException;

    /** Takes one call if the budget has one now. */
    boolean tryAcquire();

    /**
     * The channel said "too many requests": no call before {@code retryAfter} has passed, and
     * after that one call per {@code 60 s / callsPerMinute} until the window has room again.
     */
    void pause(Duration retryAfter);
}
