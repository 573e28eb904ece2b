package org.carpd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.carpd.config.CarpdConfig;
import org.carpd.config.ConfigError;
import org.carpd.config.ConfigParser;
import org.carpd.control.Request;
import org.carpd.engine.Engine;
import org.carpd.engine.EngineEvent;
import org.carpd.engine.EventBus;
import org.carpd.engine.FakeAddresses;
import org.carpd.engine.FakeLink;
import org.carpd.link.InterfaceInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's answers to control requests, against a real engine thread over a fake link and
 * address manager: one VRRPv3 vhid with a 50 ms interval, alone on its LAN, so it is MASTER
 * within a fraction of a second.
 */
class RequestHandlerTest {
    @TempDir
    Path dir;

    private final EventBus events = new EventBus();
    private Engine engine;
    private Thread loop;
    private RequestHandler handler;
    private MaintenanceFlag flag;
    private final List<String> reloads = new ArrayList<>();

    private static InterfaceInfo em0(boolean up) {
        return new InterfaceInfo("em0", 2, new byte[] {2, 0, 0, 0, 0, 10}, up,
                List.of(new byte[] {(byte) 192, 0, 2, 10}), null);
    }

    @BeforeEach
    void startEngine() throws Exception {
        List<ConfigError> errors = new ArrayList<>();
        CarpdConfig config = CarpdConfig.of(List.of(new ConfigParser(path -> new byte[0]).parse("vrrp.conf",
                "interface = em0\nvhid = 1\nprotocol = vrrp3\ninterval = 50ms\naddress = 192.0.2.100/24\n", errors)));
        assertThat(errors).isEmpty();
        engine = new Engine(config, Map.of("em0", new FakeLink("em0")), Map.of("em0", em0(true)), new FakeAddresses(), System::nanoTime,
                new Random(1), job -> { }, events);
        loop = new Thread(engine, "test-engine");
        loop.start();
        flag = new MaintenanceFlag(dir.resolve("state"));
        handler = new RequestHandler(engine, events, flag, dir.resolve("state"), source -> {
            reloads.add(source);
            return "reloaded: 0 added, 0 changed, 0 removed, 1 unchanged";
        });
    }

    @AfterEach
    void stopEngine() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        engine.post(new EngineEvent.Stop(stopped));
        assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
        loop.join(30_000);
    }

    private void awaitMaster() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!engine.snapshot().vhids().get(0).state().equals("MASTER")) {
            assertThat(System.nanoTime()).as("MASTER within 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void demoteAddsToTheDemotionAndZeroReadsIt() {
        assertThat(handler.apply(new Request.Demote(10))).isEqualTo("demotion 10\n");
        assertThat(handler.apply(new Request.Demote(0))).isEqualTo("demotion 10\n");
        assertThat(handler.apply(new Request.Demote(-10))).isEqualTo("demotion 0\n");
    }

    @Test
    void statusAnswersFromTheEnginesPicture() {
        assertThat(handler.apply(new Request.Status(true))).contains("\"vhid\":1").endsWith("\n");
        assertThat(handler.apply(new Request.Status(false))).contains("em0");
    }

    @Test
    void reloadGoesToTheDaemonNamingItsSource() {
        assertThat(handler.apply(new Request.Reload())).isEqualTo("reloaded: 0 added, 0 changed, 0 removed, 1 unchanged\n");
        assertThat(reloads).containsExactly("carpd reload");
    }

    @Test
    void anInvalidRequestIsAnsweredWithItsError() {
        assertThat(handler.apply(Request.parse("demote ten"))).isEqualTo("error: demote takes +N or -N, not 'ten'\n");
    }

    @Test
    void maintenanceOnWithNoPeerToTakeOverSaysWhoIsStillMaster() throws Exception {
        awaitMaster();
        String answer = handler.apply(new Request.Maintenance(true, 1));
        assertThat(answer).isEqualTo("maintenance on, but after 1 s still MASTER: 1@em0 (no peer with preempt took over)\n");
        assertThat(flag.isOn()).as("kept across restarts").isTrue();
        assertThat(engine.snapshot().demotion()).isEqualTo(240);
        assertThat(handler.apply(new Request.Maintenance(false, 10))).isEqualTo("maintenance off: demotion 0\n");
        assertThat(flag.isOn()).isFalse();
    }

    @Test
    void maintenanceOnReturnsAsSoonAsTheLastMasterLeaves() throws Exception {
        awaitMaster();
        Thread linkDown = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            engine.post(new EngineEvent.InterfaceChanged(em0(false))); // MASTER -> INIT: a transition event
        });
        linkDown.start();
        String answer = handler.apply(new Request.Maintenance(true, 60));
        linkDown.join();
        assertThat(answer).startsWith("maintenance on: no vhid is MASTER here (after ");
        long afterMs = Long.parseLong(answer.replaceAll("\\D+", " ").trim().split(" ")[0]);
        assertThat(afterMs).as("woken by the transition, not by the 60 s timeout").isLessThan(30_000);
    }
}
