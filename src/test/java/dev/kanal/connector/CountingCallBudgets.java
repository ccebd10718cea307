package dev.kanal.connector;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Call budgets that count the calls taken from them and the pauses asked of them, over real budgets. */
public final class CountingCallBudgets implements CallBudgets {

    public final AtomicInteger acquired = new AtomicInteger();
    public final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final CallBudgets budgets;

    public CountingCallBudgets(CallBudgets budgets) {
        this.budgets = budgets;
    }

    @Override
    public AccountCallBudget of(String account, int callsPerMinute, BurstLimit burst) {
        AccountCallBudget budget = budgets.of(account, callsPerMinute, burst);
        return new AccountCallBudget() {
            @Override
            public void acquire() throws InterruptedException {
                budget.acquire();
                acquired.incrementAndGet();
            }

            @Override
            public boolean tryAcquire() {
                return budget.tryAcquire();
            }

            @Override
            public void pause(Duration retryAfter) {
                pauses.add(retryAfter);
                budget.pause(retryAfter);
            }
        };
    }
}
