package org.carpd.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The link monitor on a live kernel: a MASTER renews its IPv4 VIP's lifetime every other advert,
 * and the kernel drops the notifications of those renewals before they reach the monitor's
 * rtnetlink socket (its socket filter), so the monitor's thread sleeps through them; an address
 * that another process adds or removes still wakes it. Counted as the thread's voluntary context
 * switches (/proc/PID/task/TID/status), which count wake-ups, not time.
 */
@Tag("lab")
class LinkMonitorLabTest {
    private static final String VIP = "192.0.2.100";
    @RegisterExtension
    final CarpdLab lab = new CarpdLab("h1");

    @Test
    void aMastersRenewalsDoNotWakeTheLinkMonitorAndOtherProcessesAddressChangesDo() throws Exception {
        lab.config("h1", "web.conf", VhidFile.carp(1).pass("MyS3cur3P@ss").address(VIP + "/24"));
        lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h1").equals("MASTER"), "h1 MASTER");
        Path monitor = thread(lab.pid("h1"), "carpd-link-mon");

        long before = wakeUps(monitor);
        Thread.sleep(4000); // three renewals at advbase 1 (the lifetime is 4 s, renewed every 4/3 s)
        assertThat(wakeUps(monitor)).as("wake-ups of the link monitor through the MASTER's renewals")
                .isEqualTo(before);
        assertThat(lab.addresses("h1")).contains(VIP + "/24");

        long quiet = wakeUps(monitor);
        lab.inNs("h1", "ip", "addr", "add", "192.0.2.200/24", "dev", "eth0");
        CarpdLab.await(Duration.ofSeconds(5), () -> wakeUps(monitor) > quiet, "the monitor woken by ip addr add");
        long added = wakeUps(monitor);
        lab.inNs("h1", "ip", "addr", "del", "192.0.2.200/24", "dev", "eth0");
        CarpdLab.await(Duration.ofSeconds(5), () -> wakeUps(monitor) > added, "the monitor woken by ip addr del");
    }

    /** The status file of the daemon's thread whose name (cut to 15 characters) starts with {@code prefix}. */
    private static Path thread(long pid, String prefix) throws IOException {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).startsWith(prefix)) {
                    return task.resolve("status");
                }
            }
        }
        throw new AssertionError("no thread " + prefix + " in process " + pid);
    }

    private static long wakeUps(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no voluntary_ctxt_switches in " + status);
    }
}
