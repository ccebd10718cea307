package dev.kanal.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CommitGroupTest {

    @Test
    void aLoneItemRunsAloneAtOnce() {
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        CommitGroup<String, Integer, Integer> group = new CommitGroup<>(10, items -> {
            batches.add(items);
            return items.stream().map(i -> CommitGroup.Result.of(i * 2)).toList();
        }, i -> i * 3);

        assertThat(group.submit("a", 5)).isEqualTo(15);
        assertThat(batches).isEmpty();
    }

    @Test
    void itemsWaitingWhileABatchRunsGoTogetherInTheNextAndEachGetsItsOwnResult() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        CommitGroup<String, Integer, String> group = new CommitGroup<>(10, items -> {
            batches.add(items);
            return items.stream().map(i -> CommitGroup.Result.of("batch " + i)).toList();
        }, i -> {
            firstRunning.countDown();
            await(releaseFirst);
            return "alone " + i;
        });
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            Future<String> first = pool.submit(() -> group.submit("a", 0));
            assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<String>> others = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                int item = i;
                others.add(pool.submit(() -> group.submit("a", item)));
            }
            waitUntilQueued(group, 5);
            releaseFirst.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("alone 0");
            for (int i = 1; i <= 5; i++) {
                assertThat(others.get(i - 1).get(10, TimeUnit.SECONDS)).isEqualTo("batch " + i);
            }
            assertThat(batches).hasSize(1);
            assertThat(batches.get(0)).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBatchThatFailsWholeRunsEachItemAloneSoOnlyTheBadOneFails() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CommitGroup<String, Integer, Integer> group = new CommitGroup<>(10, items -> {
            throw new IllegalStateException("one statement of the batch failed");
        }, i -> {
            if (i == 0) {
                firstRunning.countDown();
                await(releaseFirst);
            }
            if (i == 3) {
                throw new IllegalArgumentException("item 3 is bad");
            }
            return i;
        });
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            Future<Integer> first = pool.submit(() -> group.submit("a", 0));
            assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<Integer>> others = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                int item = i;
                others.add(pool.submit(() -> group.submit("a", item)));
            }
            waitUntilQueued(group, 4);
            releaseFirst.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
            assertThat(others.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(others.get(1).get(10, TimeUnit.SECONDS)).isEqualTo(2);
            assertThatThrownBy(() -> others.get(2).get(10, TimeUnit.SECONDS)).hasRootCauseMessage("item 3 is bad");
            assertThat(others.get(3).get(10, TimeUnit.SECONDS)).isEqualTo(4);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailureTheBatchAnswersForOneItemIsThrownInThatItemsThreadOnly() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CommitGroup<String, Integer, Integer> group = new CommitGroup<>(10, items -> items.stream()
                .map(i -> i == 2 ? CommitGroup.Result.<Integer>failed(new IllegalStateException("outcome of 2 unknown"))
                        : CommitGroup.Result.of(i))
                .toList(), i -> {
            firstRunning.countDown();
            await(releaseFirst);
            return i;
        });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<Integer> first = pool.submit(() -> group.submit("a", 0));
            assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Integer> one = pool.submit(() -> group.submit("a", 1));
            Future<Integer> two = pool.submit(() -> group.submit("a", 2));
            waitUntilQueued(group, 2);
            releaseFirst.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
            assertThat(one.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThatThrownBy(() -> two.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("outcome of 2 unknown");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void differentKeysDoNotWaitForEachOther() throws Exception {
        CountDownLatch aRunning = new CountDownLatch(1);
        CountDownLatch releaseA = new CountDownLatch(1);
        CommitGroup<String, String, String> group = new CommitGroup<>(10, items -> items.stream().map(CommitGroup.Result::of).toList(), i -> {
            if (i.equals("a")) {
                aRunning.countDown();
                await(releaseA);
            }
            return i;
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> a = pool.submit(() -> group.submit("client-a", "a"));
            assertThat(aRunning.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.submit(() -> group.submit("client-b", "b")).get(10, TimeUnit.SECONDS)).isEqualTo("b");
            releaseA.countDown();
            assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("a");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void waitUntilQueued(CommitGroup<?, ?, ?> group, int items) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (group.waiting() < items && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(group.waiting()).isEqualTo(items);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
