package org.carpd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.carpd.addr.AddressManager;
import org.carpd.config.CarpdConfig;
import org.carpd.daemon.ConfigDirectory;
import org.carpd.link.InterfaceInfo;
import org.carpd.link.LinkPort;
import org.carpd.link.SendFailure;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The send-error demotion wired through the engine: a link whose every send fails with an errno
 * (as pcap_inject's write does when the NIC's queue is full) demotes the host after the third
 * failed advert, and the demotion names the errno, as FreeBSD's carp_send_ad_error logs
 * "send error %d on %s". Runs the real engine thread with a fake link and address manager.
 */
class SendErrorDemotionTest {
    @TempDir
    Path dir;

    private static final int ENOBUFS_LINUX = 105; // the errno table of the host the test runs on

    @Test
    void advertsThatFailWithAnErrnoDemoteTheHostNamingIt() throws Exception {
        Path conf = dir.resolve("web.conf");
        Files.writeString(conf, "interface = em0\nvhid = 1\npass = sendfail\naddress = 192.0.2.100/24\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        CarpdConfig config = ConfigDirectory.load(dir);
        AtomicInteger sends = new AtomicInteger();
        LinkPort failing = new LinkPort() {
            @Override
            public String interfaceName() {
                return "em0";
            }

            @Override
            public void send(byte[] frame, int length) throws SendFailure {
                sends.incrementAndGet();
                throw new SendFailure("send: No buffer space available", ENOBUFS_LINUX, null);
            }

            @Override
            public void prepareUnicast(Family family) {
            }

            @Override
            public void useFilter(String filter) {
            }

            @Override
            public void sendUnicast(Family family, boolean vrrp, byte[] packet, int offset, int length, byte[] to) {
            }
        };
        AddressManager addresses = new AddressManager() {
            @Override
            public boolean add(String interfaceName, IpPrefix address) {
                return true;
            }

            @Override
            public boolean remove(String interfaceName, IpPrefix address) {
                return false;
            }

            @Override
            public void close() {
            }
        };
        InterfaceInfo em0 = new InterfaceInfo("em0", 2, new byte[] {2, 0, 0, 0, 0, 1}, true,
                List.of(new byte[] {(byte) 192, 0, 2, 10}), null);
        EventBus bus = new EventBus();
        Engine engine = new Engine(config, new ConcurrentHashMap<>(Map.of("em0", failing)), Map.of("em0", em0),
                addresses, System::nanoTime, new Random(1), job -> { }, bus);
        try (EventBus.Subscription events = bus.subscribe()) {
            Thread loop = new Thread(engine, "test-engine");
            loop.start();
            String demotion = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (demotion == null && System.nanoTime() < deadline) {
                String line = events.next(1000);
                if (line != null && line.contains("\"demotion\"")) {
                    demotion = line;
                }
            }
            assertThat(demotion).isNotNull().contains("\"adjustment\":240", "\"total\":240",
                    "\"reason\":\"send error 105 (ENOBUFS) on em0\"");
            assertThat(sends.get()).as("the demotion came with the third failed advert, not before")
                    .isGreaterThanOrEqualTo(3);
            CountDownLatch stopped = new CountDownLatch(1);
            engine.post(new EngineEvent.Stop(stopped));
            assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
            loop.join(30_000);
        }
    }
}
