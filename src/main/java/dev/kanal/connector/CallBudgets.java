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
    AccountCallBudget of(String account, int callsPerMinute);

    /** Budgets in this JVM's memory: correct for one node only. */
    static CallBudgets inJvm() {
        Map<String, CallBudget> budgets = new ConcurrentHashMap<>();
        return (account, callsPerMinute) -> budgets.compute(account, (name, current) ->
                current != null && current.callsPerMinute() == callsPerMinute ? current : new CallBudget(callsPerMinute));
    }
}
