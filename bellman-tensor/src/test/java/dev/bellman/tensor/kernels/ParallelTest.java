package dev.bellman.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hand-over of {@link Parallel}: every task once, workers really used, wake-ups, failures, nesting. */
class ParallelTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private final int threadsBefore = Kernels.threads();

    @AfterEach
    void restore() {
        Kernels.setThreads(threadsBefore);
    }

    /** Tasks 0 and 1 each wait for the other: only two threads running at once can get past. */
    private static Thread[] rendezvous() throws InterruptedException {
        CountDownLatch both = new CountDownLatch(2);
        Thread[] ran = new Thread[2];
        boolean[] met = new boolean[2];
        Parallel.forEachTask(2, t -> {
            ran[t] = Thread.currentThread();
            both.countDown();
            try {
                met[t] = both.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(met[0] && met[1], "tasks 0 and 1 did not run at the same time on two threads");
        return ran;
    }

    @Test
    void twoThreads_runTwoTasksAtOnce_evenAfterTheWorkerHasParked() {
        Kernels.setThreads(2);
        assertTimeoutPreemptively(LIMIT, () -> {
            Thread[] first = rendezvous();
            assertNotSame(first[0], first[1]);
            assertTrue(first[0] == Thread.currentThread() || first[1] == Thread.currentThread(),
                    "the caller runs tasks too");
            Thread.sleep(20); // far longer than the spin: the worker parks
            Thread[] second = rendezvous();
            assertNotSame(second[0], second[1]);
        });
    }

    @Test
    void everyTaskRunsExactlyOnce_overManyBackToBackCalls() {
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int threads : new int[] {2, 3, 5}) {
                Kernels.setThreads(threads);
                for (int call = 0; call < 6_000; call++) {
                    int n = 1 + call % 9;
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    Parallel.forEachTask(n, hits::incrementAndGet);
                    for (int t = 0; t < n; t++) assertEquals(1, hits.get(t), "threads " + threads + ", call " + call + ", task " + t);
                    if (call % 2000 == 1999) Thread.sleep(5); // let the workers park now and then
                }
            }
        });
    }

    @Test
    void writesOfEveryTask_areVisibleToTheCallerOnReturn() {
        Kernels.setThreads(3);
        assertTimeoutPreemptively(LIMIT, () -> {
            int[] out = new int[64];
            for (int call = 1; call <= 5_000; call++) {
                final int v = call;
                Parallel.forEachTask(8, t -> {
                    for (int i = t * 8; i < t * 8 + 8; i++) out[i] = v;
                });
                for (int i = 0; i < out.length; i++) assertEquals(call, out[i], "call " + call + ", element " + i);
            }
        });
    }

    @Test
    void failure_rethrowsTheLowestFailingTask_andThePoolStillWorks() {
        Kernels.setThreads(2);
        assertTimeoutPreemptively(LIMIT, () -> {
            CountDownLatch both = new CountDownLatch(2);
            // tasks 0 and 1 run at once on two threads and both fail: task 0's exception is the one rethrown
            var e = assertThrows(IllegalArgumentException.class, () -> Parallel.forEachTask(6, t -> {
                if (t < 2) {
                    both.countDown();
                    try {
                        both.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException ie) {
                        throw new IllegalStateException(ie);
                    }
                    throw new IllegalArgumentException("task " + t + " failed");
                }
            }));
            assertEquals("task 0 failed", e.getMessage());
            var err = assertThrows(AssertionError.class, () -> Parallel.forEachTask(4, t -> {
                if (t == 3) throw new AssertionError("an Error passes through");
            }));
            assertEquals("an Error passes through", err.getMessage());
            Exception checked = new Exception("checked");
            var wrapped = assertThrows(IllegalStateException.class, () -> Parallel.forEachTask(4, t -> {
                if (t == 2) ParallelTest.<RuntimeException>sneakyThrow(checked);
            }));
            assertSame(checked, wrapped.getCause());
            assertEquals("parallel task 2 failed", wrapped.getMessage());
            rendezvous(); // the workers serve the next call
        });
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable e) throws E {
        throw (E) e;
    }

    @Test
    void nestedCalls_runInline_withoutDeadlock() {
        Kernels.setThreads(2);
        assertTimeoutPreemptively(LIMIT, () -> {
            AtomicIntegerArray hits = new AtomicIntegerArray(64);
            AtomicReferenceArray<Thread> outerThread = new AtomicReferenceArray<>(8);
            Parallel.forEachTask(8, outer -> {
                outerThread.set(outer, Thread.currentThread());
                Parallel.forEachTask(8, inner -> {
                    assertSame(outerThread.get(outer), Thread.currentThread(), "an inner task left its outer task's thread");
                    hits.incrementAndGet(outer * 8 + inner);
                });
            });
            for (int i = 0; i < 64; i++) assertEquals(1, hits.get(i), "task " + i);
        });
    }

    @Test
    void concurrentCallers_allGetEveryTaskOnce_withoutDeadlock() {
        Kernels.setThreads(2);
        assertTimeoutPreemptively(LIMIT, () -> {
            List<Thread> callers = new ArrayList<>();
            int[] wrong = new int[4];
            Throwable[] failed = new Throwable[4];
            for (int c = 0; c < 4; c++) {
                final int id = c;
                Thread th = new Thread(() -> {
                    try {
                        for (int call = 0; call < 3_000; call++) {
                            int[] hits = new int[7];
                            Parallel.forEachTask(7, t -> hits[t]++);
                            for (int h : hits) if (h != 1) wrong[id]++;
                        }
                    } catch (Throwable e) {
                        failed[id] = e;
                    }
                });
                callers.add(th);
                th.start();
            }
            for (Thread th : callers) th.join();
            assertArrayEquals(new Throwable[4], failed);
            assertArrayEquals(new int[4], wrong);
        });
    }
}
