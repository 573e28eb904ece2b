package org.carpd.hooks;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.carpd.core.VhidKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs hook scripts off the event loop: one queue per vhid, so each vhid's hooks run one at a time
 * in the order its transitions happened, while different vhids do not wait for each other. A hook
 * that outlives its timeout is killed with its whole process tree (every descendant still
 * attached to it). Submitting never blocks, so a hanging hook never delays an advert.
 *
 * <p>Hooks catch up with the present: in a transition storm (a flapping link, a flood) a job
 * whose transition is older than the vhid's latest is for a state already left; it is skipped
 * (reported as such, and logged) rather than run late. A new transition also removes such jobs
 * from the queue at once, so a vhid's queue never holds more than one transition's jobs besides
 * the one running.
 */
public final class HookRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");

    private final Map<VhidKey, java.util.concurrent.ThreadPoolExecutor> queues = new ConcurrentHashMap<>();
    /** The latest transition submitted for each vhid. */
    private final Map<VhidKey, Long> latest = new ConcurrentHashMap<>();
    private final Consumer<HookResult> results;

    /** A queued job, recognisable in the executor's queue when it goes stale. */
    private final class Queued implements Runnable {
        final HookJob job;

        Queued(HookJob job) {
            this.job = job;
        }

        boolean stale() {
            return job.transition() < latest.getOrDefault(job.vhid(), Long.MIN_VALUE);
        }

        @Override
        public void run() {
            results.accept(stale() ? skip(job) : HookRunner.run(job));
        }
    }

    public HookRunner(Consumer<HookResult> results) {
        this.results = results;
    }

    public void submit(HookJob job) {
        latest.merge(job.vhid(), job.transition(), Math::max);
        java.util.concurrent.ThreadPoolExecutor queue = queues.computeIfAbsent(job.vhid(),
                vhid -> new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                        new java.util.concurrent.LinkedBlockingQueue<>(), runnable -> {
                            Thread thread = new Thread(runnable, "carpd-hooks-" + vhid);
                            thread.setDaemon(true);
                            return thread;
                        }));
        for (Runnable waiting : queue.getQueue().toArray(new Runnable[0])) {
            if (waiting instanceof Queued q && q.stale() && queue.remove(waiting)) {
                results.accept(skip(q.job));
            }
        }
        queue.execute(new Queued(job));
    }

    private static HookResult skip(HookJob job) {
        LOG.info("carp: {}: {} {} skipped: the vhid has left that state since", job.vhid(), job.kind(),
                String.join(" ", job.command()));
        return HookResult.skipped(job);
    }

    static HookResult run(HookJob job) {
        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(job.command())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(job.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return log(new HookResult(job, -1, elapsedMs(start), false, e.getMessage()));
        }
        try {
            if (process.waitFor(job.timeoutMs(), TimeUnit.MILLISECONDS)) {
                return log(new HookResult(job, process.exitValue(), elapsedMs(start), false, null));
            }
            killTree(process);
            return log(new HookResult(job, -1, elapsedMs(start), true, null));
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            return log(new HookResult(job, -1, elapsedMs(start), false, "interrupted (carpd stopping)"));
        }
    }

    /** Kills descendants first, so that none is re-parented out of reach while its parent dies. */
    private static void killTree(Process process) {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long elapsedMs(long startNs) {
        return (System.nanoTime() - startNs) / 1_000_000;
    }

    private static HookResult log(HookResult r) {
        String what = "carp: " + r.job().vhid() + ": " + r.job().kind() + " " + String.join(" ", r.job().command());
        if (r.error() != null) {
            LOG.error("{}: could not run: {}", what, r.error());
        } else if (r.timedOut()) {
            LOG.error("{}: timed out after {} ms; killed with its process tree", what, r.job().timeoutMs());
        } else if (r.exitStatus() != 0) {
            LOG.warn("{}: exit status {} after {} ms", what, r.exitStatus(), r.durationMs());
        } else {
            LOG.info("{}: exit status 0 after {} ms", what, r.durationMs());
        }
        return r;
    }

    /** Lets queued hooks finish (each bounded by its timeout), at most {@code waitMs} in all. */
    public void drain(long waitMs) {
        long end = System.nanoTime() + waitMs * 1_000_000;
        for (ExecutorService queue : queues.values()) {
            queue.shutdown();
        }
        for (ExecutorService queue : queues.values()) {
            try {
                if (!queue.awaitTermination(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    queue.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        queues.values().forEach(ExecutorService::shutdownNow);
    }
}
