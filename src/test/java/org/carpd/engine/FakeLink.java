package org.carpd.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.carpd.link.LinkPort;
import org.carpd.proto.Family;

/** A link that keeps what the engine sends on it (a test may override {@link #send} to fail). */
public class FakeLink implements LinkPort {
    private final String name;
    public final List<byte[]> sent = new CopyOnWriteArrayList<>();
    public final List<Family> unicastPrepared = new CopyOnWriteArrayList<>();
    /** The IP datagrams sent to unicast peers. */
    public final List<byte[]> unicastSent = new CopyOnWriteArrayList<>();

    public FakeLink(String name) {
        this.name = name;
    }

    @Override
    public String interfaceName() {
        return name;
    }

    @Override
    public void useFilter(String expression) {
    }

    @Override
    public void send(byte[] frame, int length) throws java.io.IOException {
        sent.add(java.util.Arrays.copyOf(frame, length));
    }

    @Override
    public void prepareUnicast(Family family) {
        unicastPrepared.add(family);
    }

    @Override
    public void sendUnicast(Family family, boolean vrrp, byte[] packet, int offset, int length, byte[] destination) {
        unicastSent.add(java.util.Arrays.copyOfRange(packet, offset, offset + length));
    }
}
