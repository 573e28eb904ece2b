package org.carpd.engine;

import java.util.concurrent.CountDownLatch;
import org.carpd.link.InterfaceInfo;

/** What other threads hand to the engine thread. Nothing else crosses into it. */
public sealed interface EngineEvent {
    /** A frame captured on an interface (the receive thread copies it and returns to capture). */
    record FrameReceived(String interfaceName, byte[] frame) implements EngineEvent {
    }

    /** A new reading of an interface: link state, MAC or addresses changed. */
    record InterfaceChanged(InterfaceInfo info) implements EngineEvent {
    }

    /** Graceful stop: bow out, remove the VIPs, then count down {@code done}. */
    record Stop(CountDownLatch done) implements EngineEvent {
    }
}
