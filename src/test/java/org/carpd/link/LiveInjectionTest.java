package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.carpd.sys.Os;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * carpd's injection handle. Its refusals are tested on a handle of no interface (pcap_open_dead,
 * which libpcap refuses to send on, with a message of its own), so without privileges; a real
 * handle on loopback (root) shows the errno of the kernel's refusal, which the send-error
 * demotion names. Frames that reach the wire: {@link LiveCaptureTest}, whose frames it injects.
 */
class LiveInjectionTest {
    private LiveInjection injection;

    @AfterEach
    void close() {
        if (injection != null) {
            injection.close();
        }
    }

    private LiveInjection dead() {
        LibPcap.bind();
        injection = new LiveInjection("dead0", LibPcap.pcap_open_dead(LibPcap.DLT_EN10MB, 64));
        return injection;
    }

    @Test
    void aRefusedSendNamesTheInterfaceAndGivesLibpcapsReason() {
        assertThatThrownBy(() -> dead().send(new byte[60], 60)).isInstanceOf(SendFailure.class)
                .hasMessageStartingWith("cannot send on dead0: ")
                .hasMessageContaining("dead"); // libpcap's own words: "Packets can't be sent on a pcap_open_dead pcap_t"
    }

    @Test
    void aRefusalWithoutASystemCallReportsNoErrnoEvenAfterAnotherCallFailed() {
        LiveInjection handle = dead();
        com.sun.jna.Native.setLastError(100); // ENETDOWN, as left by an earlier failed call on this thread
        // libpcap refuses a dead handle's send itself, without send(2): nothing the kernel said
        assertThatThrownBy(() -> handle.send(new byte[60], 60)).isInstanceOf(SendFailure.class)
                .satisfies(e -> assertThat(((SendFailure) e).errno()).isZero());
    }

    @Test
    void aClosedHandleRefusesEverySendWithoutTouchingLibpcap() {
        LiveInjection closed = dead();
        closed.close();
        closed.close(); // a second close does nothing (a second pcap_close would free the handle twice)
        assertThatThrownBy(() -> closed.send(new byte[60], 60)).isInstanceOf(SendFailure.class)
                .hasMessage("cannot send on dead0: the link is closed")
                .satisfies(e -> assertThat(((SendFailure) e).errno()).isZero());
    }

    @Test
    void aLengthBeyondTheFrameIsRefusedBeforeLibpcapReadsPastIt() {
        LiveInjection handle = dead();
        assertThatThrownBy(() -> handle.send(new byte[60], 61)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> handle.send(new byte[60], -1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void anInterfaceThatDoesNotExistIsNamedWithLibpcapsReason() {
        assertThatThrownBy(() -> LiveInjection.open("carpd-none0")).isInstanceOf(IOException.class)
                .hasMessageStartingWith("injection on carpd-none0: ")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeGreaterThan("injection on carpd-none0: ".length()));
    }

    @Test
    void aMissingInterfaceIsSaidOnceInPlainWords() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "without root, libpcap may refuse the permission before it looks for the interface");
        assertThatThrownBy(() -> LiveInjection.open("carpd-none0")).isInstanceOf(IOException.class)
                .hasMessage("injection on carpd-none0: no such interface");
    }

    @Test
    void libpcapsReasonIsNotRepeatedWhenItsErrorBufferOnlyCopiesTheStatus() {
        assertThat(LibPcap.activationFailure(-6, "That operation is supported only in monitor mode",
                "That operation is supported only in monitor mode"))
                .isEqualTo("That operation is supported only in monitor mode");
        assertThat(LibPcap.activationFailure(-8, "Permission denied", "")).isEqualTo("Permission denied");
        assertThat(LibPcap.activationFailure(-8, "Permission denied",
                "socket: Operation not permitted"))
                .isEqualTo("Permission denied (socket: Operation not permitted)");
        assertThat(LibPcap.activationFailure(LibPcap.ERROR_NO_SUCH_DEVICE, "No such device exists",
                "No such device exists")).isEqualTo("no such interface");
    }

    @Test
    void theKernelsRefusalCarriesItsErrno() throws Exception {
        Assumptions.assumeTrue(Os.current() == Os.LINUX && "root".equals(System.getProperty("user.name")),
                "needs root on Linux");
        injection = LiveInjection.open("lo");
        // longer than loopback's MTU (65,536): libpcap hands it to send(2), and the kernel refuses it
        byte[] tooLong = new byte[70_000];
        assertThatThrownBy(() -> injection.send(tooLong, tooLong.length)).isInstanceOf(SendFailure.class)
                .hasMessageStartingWith("cannot send on lo: send: ")
                .satisfies(e -> assertThat(((SendFailure) e).errno()).isEqualTo(90)); // EMSGSIZE
    }

    @Test
    void anEmptyFrameIsRefusedWithNothingWritten() throws Exception {
        Assumptions.assumeTrue(Os.current() == Os.LINUX && "root".equals(System.getProperty("user.name")),
                "needs root on Linux");
        injection = LiveInjection.open("lo");
        // what the warm-up sends: libpcap (1.10) refuses it itself, an older one hands it to the
        // kernel, which refuses a frame with no Ethernet header
        assertThatThrownBy(() -> injection.send(new byte[1], 0)).isInstanceOf(SendFailure.class)
                .hasMessageStartingWith("cannot send on lo: ");
    }
}
