package dev.kanal.connector;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the channel accounts' call budgets live. The application's bean is
 * {@link SharedCallBudgets}, kept in the database every node uses, so N nodes together stay
 * within an account's budget (docs/decisions/0028); {@link #inJvm()} keeps them in this JVM
 * only, for a single node ({@code kanal.connectors.call-budgets: in-jvm}) and for connectors
 * made without Spring (tests).
 */
public interface CallBudgets {

    /** The budget of {@code account}; a changed {@code callsPerMinute} resizes it. */
    default AccountCallBudget of(String account, int callsPerMinute) {
        return of(account, callsPerMinute, BurstLimit.NONE);
    }

    /** The budget of {@code account}, which also keeps to the channel's {@code burst} limit. */
    AccountCallBudget of(String account, int callsPerMinute, BurstLimit burst);

    /** Budgets in this JVM's memory: correct for one node only. */
    static CallBudgets inJvm() {
        Map<String, CallBudget> budgets = new ConcurrentHashMap<>();
        return (account, callsPerMinute, burst) -> budgets.compute(account, (name, current) ->
                current != null && current.isFor(callsPerMinute, burst) ? current : new CallBudget(callsPerMinute, burst));
    }
}
