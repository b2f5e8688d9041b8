package io.facegate.admission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AdmissionTest {

    @Test
    void beyondSlotsAndQueueIsRefusedAtOnce() throws Exception {
        Admission admission = new Admission(2, 1, Duration.ofSeconds(30));
        Admission.Permit a = admission.acquire();
        Admission.Permit b = admission.acquire();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Admission.Permit> queued = pool.submit(admission::acquire);
            while (admission.queued() < 1) {
                Thread.sleep(1);
            }
            long start = System.nanoTime();
            assertThrows(Admission.Busy.class, admission::acquire);
            assertThat("refused without waiting", System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), is(true));
            a.close();
            queued.get(5, TimeUnit.SECONDS).close();
        }
        b.close();
        assertThat(admission.inUse(), is(0));
    }

    @Test
    void queueTimeoutRefuses() throws Exception {
        Admission admission = new Admission(1, 4, Duration.ofMillis(50));
        try (Admission.Permit held = admission.acquire()) {
            assertThrows(Admission.Busy.class, admission::acquire);
        }
        assertThat(admission.queued(), is(0));
        admission.acquire().close();
    }

    @Test
    void permitsCloseOnce() throws Exception {
        Admission admission = new Admission(1, 0, Duration.ZERO);
        Admission.Permit p = admission.acquire();
        p.close();
        p.close();
        assertThat(admission.inUse(), is(0));
        admission.acquire().close();
    }

    @Test
    void cameraFramesNeverQueueAndLeaveASlotForTheApi() throws Exception {
        Admission admission = new Admission(3, 2, Duration.ofSeconds(1));
        Optional<Admission.Permit> f1 = admission.tryAcquireFrame();
        Optional<Admission.Permit> f2 = admission.tryAcquireFrame();
        Optional<Admission.Permit> f3 = admission.tryAcquireFrame();
        assertThat(f1.isPresent() && f2.isPresent(), is(true));
        assertThat("cameras hold at most max-concurrent - 1 slots", f3.isPresent(), is(false));
        Admission.Permit api = admission.acquire();
        assertThat(admission.tryAcquireFrame().isPresent(), is(false));
        api.close();
        f1.get().close();
        f2.get().close();
    }

    @Test
    void cameraFramesDoNotOvertakeWaitingRequests() throws Exception {
        Admission admission = new Admission(2, 2, Duration.ofSeconds(10));
        Admission.Permit a = admission.acquire();
        Admission.Permit b = admission.acquire();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch started = new CountDownLatch(1);
            Future<Admission.Permit> waiting = pool.submit(() -> {
                started.countDown();
                return admission.acquire();
            });
            started.await();
            while (admission.queued() < 1) {
                Thread.sleep(1);
            }
            a.close();
            Admission.Permit api = waiting.get(5, TimeUnit.SECONDS);
            assertThat(admission.tryAcquireFrame().isPresent(), is(false));
            api.close();
        }
        b.close();
    }

    @Test
    void keyRateIsATokenBucketPerKey() {
        AtomicLong now = new AtomicLong();
        KeyRateLimiter limiter = new KeyRateLimiter(2, 3, now::get);
        List<Boolean> taken = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            taken.add(limiter.tryTake("A"));
        }
        assertThat(taken, is(List.of(true, true, true, false)));
        assertThat("other keys have their own bucket", limiter.tryTake("B"), is(true));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(limiter.tryTake("A"), is(true));
        assertThat(limiter.tryTake("A"), is(false));
    }
}
