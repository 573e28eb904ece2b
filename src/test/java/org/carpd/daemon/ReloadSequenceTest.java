package org.carpd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.carpd.config.CarpdConfig;
import org.carpd.engine.Engine;
import org.carpd.engine.EventBus;
import org.carpd.engine.FakeAddresses;
import org.carpd.engine.FakeLink;
import org.carpd.link.CaptureLink;
import org.carpd.link.CaptureSize;
import org.carpd.link.InterfaceInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order a reload changes an interface's capture and the engine's configuration in, with the
 * daemon's own {@link InterfaceLinks} over fake links that record what happens when: a capture is
 * widened before the engine runs the VRRP vhid that needs it (else that vhid's first adverts
 * arrive truncated and it takes over), shrunk only after the engine dropped the last one, and a
 * widening that fails refuses the reload before the engine hears of it.
 */
class ReloadSequenceTest {
    private static final String CARP = "interface = em0\nvhid = 1\npass = x\naddress = 192.0.2.1/24\n";
    private static final String VRRP =
            "interface = em0\nvhid = 2\nprotocol = vrrp3\npriority = 100\naddress = 192.0.2.2/24\n";
    private static final InterfaceInfo EM0 = new InterfaceInfo("em0", 2, new byte[] {2, 0, 0, 0, 0, 1}, true,
            List.of(new byte[] {(byte) 192, 0, 2, 10}), null);
    private static final InterfaceInfo EM1 = new InterfaceInfo("em1", 3, new byte[] {2, 0, 0, 0, 0, 2}, true,
            List.of(new byte[] {(byte) 198, 51, 100, 10}), null);

    /** Everything that happened, in order: the links' replacements and the engine's applies. */
    private final List<String> events = new ArrayList<>();
    private final List<FakeCapture> opened = new ArrayList<>();
    /** When set, opening a wider capture fails with this (after {@link #wideningsBeforeFailure} succeeded). */
    private IOException wideningFails;
    private int wideningsBeforeFailure;

    /** A link whose capture is only a size: replacing it is recorded, and may fail as libpcap can. */
    private final class FakeCapture extends FakeLink implements CaptureLink {
        CaptureSize size;
        boolean closed;

        FakeCapture(String name, CaptureSize size) {
            super(name);
            this.size = size;
        }

        @Override
        public CaptureSize size() {
            return size;
        }

        @Override
        public void useSize(CaptureSize wanted) throws IOException {
            if (wanted.equals(size)) {
                return;
            }
            if (wideningFails != null && !wanted.fitsIn(size) && wideningsBeforeFailure-- <= 0) {
                throw wideningFails;
            }
            events.add("capture " + wanted.snaplen());
            size = wanted;
        }

        @Override
        public void ensureIpv6() {
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static CarpdConfig config(String... files) {
        return org.carpd.config.TestConfigs.of(files);
    }

    private final CarpdConfig carpOnly = config(CARP);
    private final CarpdConfig withVrrp = config(CARP, VRRP);
    private InterfaceLinks links;
    private ReloadSequence sequence;

    @BeforeEach
    void openEm0() throws IOException {
        Engine engine = new Engine(carpOnly, Map.of(), Map.of("em0", EM0), new FakeAddresses(), System::nanoTime,
                new Random(1), job -> { }, new EventBus());
        links = new InterfaceLinks(engine, (name, ipv6, filter, size, receiver) -> {
            FakeCapture link = new FakeCapture(name, size);
            opened.add(link);
            return link;
        });
        links.open("em0", 2, carpOnly);
        sequence = new ReloadSequence(links, name -> name.equals("em1") ? EM1 : EM0);
    }

    /** The engine: records each apply, with the size of em0's capture at that moment. */
    private String apply(CarpdConfig next, Map<String, InterfaceInfo> readings) {
        events.add("apply " + next.vhids().size() + " vhids, capture " + opened.get(0).size().snaplen());
        return "applied";
    }

    @Test
    void anInterfacesFirstVrrpVhidGetsTheWideCaptureBeforeTheEngineRunsIt() {
        assertThat(opened.get(0).size()).isEqualTo(CaptureSize.CARP_ONLY);
        ReloadSequence.Outcome outcome = sequence.run(carpOnly, withVrrp, this::apply);
        assertThat(outcome.applied()).isTrue();
        assertThat(events).containsExactly("capture 1536", "apply 2 vhids, capture 1536");
    }

    @Test
    void theWideCaptureGoesOnlyOnceTheEngineDroppedTheLastVrrpVhid() throws IOException {
        sequence.run(carpOnly, withVrrp, this::apply);
        events.clear();
        ReloadSequence.Outcome outcome = sequence.run(withVrrp, carpOnly, this::apply);
        assertThat(outcome.applied()).isTrue();
        assertThat(events).containsExactly("apply 1 vhids, capture 1536", "capture 122");
    }

    @Test
    void aWideningThatFailsRefusesTheReloadBeforeTheEngineHearsOfIt() {
        wideningFails = new IOException("cannot open a new capture on em0 (snapshot length 1536 bytes, a buffer of"
                + " 2048 kB asked): can't create rx ring on packet socket: Cannot allocate memory");
        ReloadSequence.Outcome outcome = sequence.run(carpOnly, withVrrp, this::apply);
        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.errors()).containsExactly(wideningFails.getMessage());
        assertThat(events).as("the engine never applied it").isEmpty();
        FakeCapture em0 = opened.get(0);
        assertThat(em0.size()).as("the old capture stays").isEqualTo(CaptureSize.CARP_ONLY);
        assertThat(em0.closed).isFalse();
    }

    @Test
    void aRefusedReloadPutsBackTheCapturesItWidenedOnOtherInterfaces() throws IOException {
        String carpEm1 = "interface = em1\nvhid = 3\npass = x\naddress = 198.51.100.1/24\n";
        String vrrpEm1 = "interface = em1\nvhid = 4\nprotocol = vrrp3\npriority = 100\naddress = 198.51.100.2/24\n";
        CarpdConfig running = config(CARP, carpEm1);
        CarpdConfig next = config(CARP, VRRP, carpEm1, vrrpEm1);
        links.open("em1", 3, running);
        wideningFails = new IOException("cannot open a new capture: Cannot allocate memory");
        wideningsBeforeFailure = 1; // whichever interface is widened first succeeds, the second fails
        ReloadSequence.Outcome outcome = sequence.run(running, next, this::apply);
        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.errors()).containsExactly(wideningFails.getMessage());
        assertThat(events).as("one capture was widened, none applied").containsExactly("capture 1536", "capture 122");
        assertThat(opened).hasSize(2).allSatisfy(link -> {
            assertThat(link.size()).as(link.interfaceName() + " is back to what the running config needs")
                    .isEqualTo(CaptureSize.CARP_ONLY);
            assertThat(link.closed).isFalse();
        });
    }

    @Test
    void aNewInterfacesLinkLeftOpenByAnUnansweredReloadIsReusedNotLeaked() {
        CarpdConfig withEm1 = config(CARP, "interface = em1\nvhid = 3\npass = x\naddress = 198.51.100.1/24\n");
        ReloadSequence.Outcome unanswered = sequence.run(carpOnly, withEm1, (next, readings) -> {
            throw new ReloadSequence.NotApplied("no reply within 5 s", true, null);
        });
        assertThat(unanswered.applied()).isFalse();
        // the running configuration is still CARP on em0 only: em1 is new to the next reload again
        assertThat(sequence.run(carpOnly, withEm1, this::apply).applied()).isTrue();
        assertThat(opened.stream().filter(link -> link.interfaceName().equals("em1") && !link.closed))
                .as("one live link on em1 (the engine may hold the first one: the queued reload can still apply)")
                .hasSize(1);
        links.closeAll();
        assertThat(opened).as("closeAll reaches every link opened").allSatisfy(link -> assertThat(link.closed).isTrue());
    }

    @Test
    void aRefusedReloadKeepsTheLinkOfAReloadTheEngineMayStillApply() {
        String carpEm1 = "interface = em1\nvhid = 3\npass = x\naddress = 198.51.100.1/24\n";
        CarpdConfig withEm1 = config(CARP, carpEm1);
        sequence.run(carpOnly, withEm1, (next, readings) -> {
            throw new ReloadSequence.NotApplied("taken but not finished within 60 s", true, null);
        });
        FakeCapture em1 = opened.get(1);
        // the engine holds em1's link and the queued ApplyConfig(withEm1); the admin now adds VRRP on em0 too
        wideningFails = new IOException("cannot open a new capture: Cannot allocate memory");
        ReloadSequence.Outcome refused = sequence.run(carpOnly, config(CARP, VRRP, carpEm1), this::apply);
        assertThat(refused.applied()).isFalse();
        assertThat(em1.closed).as("the link the engine may be running em1's vhids on").isFalse();
    }

    @Test
    void anAbandonedReloadClosesTheLinksItOpenedAndPutsBackTheCapturesItWidened() {
        CarpdConfig next = config(CARP, VRRP, "interface = em1\nvhid = 3\npass = x\naddress = 198.51.100.1/24\n");
        ReloadSequence.Outcome abandoned = sequence.run(carpOnly, next, (applied, readings) -> {
            throw new ReloadSequence.NotApplied("the engine did not take it within 10000 ms", false, null);
        });
        assertThat(abandoned.applied()).isFalse();
        FakeCapture em0 = opened.get(0);
        FakeCapture em1 = opened.get(1);
        assertThat(em1.closed).as("the engine will never run em1's vhids").isTrue();
        assertThat(em0.closed).isFalse();
        assertThat(em0.size()).as("what the running configuration needs").isEqualTo(CaptureSize.CARP_ONLY);
    }

    @Test
    void aLinkLeftByAReloadTheEngineMayStillApplyClosesWhenAnAppliedConfigHasNoSuchInterface() {
        CarpdConfig withEm1 = config(CARP, "interface = em1\nvhid = 3\npass = x\naddress = 198.51.100.1/24\n");
        sequence.run(carpOnly, withEm1, (next, readings) -> {
            throw new ReloadSequence.NotApplied("taken but not finished within 60 s", true, null);
        });
        assertThat(sequence.run(carpOnly, withVrrp, this::apply).applied()).isTrue();
        assertThat(opened.get(1).interfaceName()).isEqualTo("em1");
        assertThat(opened.get(1).closed).as("em1 is in no configuration any more").isTrue();
    }

    @Test
    void openingAnInterfaceOfANewIndexClosesTheLinkOfTheOldOne() throws IOException {
        links.open("em0", 7, carpOnly); // em0 re-created: a new interface of the same name
        assertThat(opened).hasSize(2);
        assertThat(opened.get(0).closed).as("the old interface's link").isTrue();
        assertThat(opened.get(1).closed).isFalse();
    }

    @Test
    void aLaterReloadAfterTheFailureWidensAndApplies() {
        wideningFails = new IOException("no memory");
        sequence.run(carpOnly, withVrrp, this::apply);
        wideningFails = null;
        assertThat(sequence.run(carpOnly, withVrrp, this::apply).applied()).isTrue();
        assertThat(events).containsExactly("capture 1536", "apply 2 vhids, capture 1536");
    }
}
