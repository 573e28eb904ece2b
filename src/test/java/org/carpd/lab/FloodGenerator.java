package org.carpd.lab;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.AdvertFrames;
import org.carpd.proto.CarpHeader;
import org.carpd.proto.IpPrefix;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNetworkInterface;

/**
 * A load generator for the flood tests: forged CARP adverts at a steady rate, sent to the group
 * (so a MASTER and a BACKUP get every one), in five kinds taken in turn:
 * <ol>
 * <li>the target vhid signed with a wrong password, random advskew and counter (bad HMAC);</li>
 * <li>random vhids 1..255 with random fields and a random HMAC;</li>
 * <li>the target vhid with a broken checksum;</li>
 * <li>a real advert of the master, recorded off the wire at start and its IP packet replayed byte for
 * byte (from the attacker's MAC);</li>
 * <li>the target vhid at advbase 1, advskew 0 (better than any real node) with a wrong password.</li>
 * </ol>
 * Frames are built beforehand and cycled; sending is paced in 1 ms bursts.
 *
 * <p>Usage: {@code FloodGenerator IFACE SECONDS PPS VHID MASTER_IP ADDRESS}: prints what it sent.
 */
public final class FloodGenerator {
    private static final int VARIANTS = 512;
    private static final byte[] ATTACKER_MAC = {0x02, 0x66, 0x66, 0x66, 0x66, 0x66};

    private FloodGenerator() {
    }

    public static void main(String[] args) throws Exception {
        String iface = args[0];
        int seconds = Integer.parseInt(args[1]);
        int pps = Integer.parseInt(args[2]);
        int vhid = Integer.parseInt(args[3]);
        byte[] master = IpPrefix.parseAddress(args[4]);
        List<IpPrefix> addresses = List.of(IpPrefix.parse(args[5]));
        PcapHandle handle = new PcapHandle.Builder(iface).snaplen(256)
                .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS).timeoutMillis(100).build();
        byte[] recorded = record(handle, master);
        List<byte[]> frames = forge(vhid, addresses, recorded, new Random(42));
        long sent = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        int next = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            long due = (now - start) * pps / 1_000_000_000L;
            while (sent < due) {
                byte[] frame = frames.get(next);
                handle.sendPacket(frame, frame.length);
                next = (next + 1) % frames.size();
                sent++;
            }
            LockSupport.parkNanos(1_000_000);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("flood: sent %d forged adverts in %.1f s (%.0f per second), 5 kinds in turn%n", sent, elapsed,
                sent / elapsed);
        handle.close();
    }

    /** Waits for one real advert from {@code master} and returns its bytes, for replaying. */
    private static byte[] record(PcapHandle handle, byte[] master) throws Exception {
        handle.setFilter("ip proto 112 and ip src " + IpPrefix.formatAddress(master), BpfProgram.BpfCompileMode.OPTIMIZE);
        long until = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < until) {
            byte[] frame = handle.getNextRawPacket();
            if (frame != null) {
                handle.setFilter("less 1", BpfProgram.BpfCompileMode.OPTIMIZE); // never read again
                // the IP packet byte for byte, from the attacker's own MAC: a capture can tell the
                // replays from the master's real adverts by it, and the switch keeps the master's port
                byte[] replay = frame.clone();
                System.arraycopy(ATTACKER_MAC, 0, replay, 6, 6);
                return replay;
            }
        }
        throw new IllegalStateException("no advert from " + IpPrefix.formatAddress(master) + " to record");
    }

    static List<byte[]> forge(int vhid, List<IpPrefix> addresses, byte[] recorded, Random random) {
        byte[] attacker = IpPrefix.parseAddress("192.0.2.66");
        AdvertAuthenticator wrong = new AdvertAuthenticator(vhid, "not-the-password".getBytes(StandardCharsets.UTF_8),
                addresses);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < VARIANTS; i++) {
            frames.add(frame(b -> AdvertFrames.writeToGroup(b, ATTACKER_MAC, attacker, random.nextInt(0x10000), CarpHeader.payload(vhid, 1 + random.nextInt(3), random.nextInt(255), random.nextLong(), wrong))));
            int anyVhid = 1 + random.nextInt(255);
            AdvertAuthenticator noise = new AdvertAuthenticator(anyVhid, longToBytes(random.nextLong()), addresses);
            frames.add(frame(b -> AdvertFrames.writeToGroup(b, ATTACKER_MAC, attacker, random.nextInt(0x10000), CarpHeader.payload(anyVhid, 1 + random.nextInt(255), random.nextInt(256), random.nextLong(), noise))));
            byte[] broken = frame(b -> AdvertFrames.writeToGroup(b, ATTACKER_MAC, attacker, random.nextInt(0x10000), CarpHeader.payload(vhid, 1, 0, random.nextLong(), wrong)));
            broken[14 + 20 + 6] ^= (byte) 0x5a; // the CARP checksum
            frames.add(broken);
            frames.add(recorded);
            frames.add(frame(b -> AdvertFrames.writeToGroup(b, ATTACKER_MAC, attacker, random.nextInt(0x10000), CarpHeader.payload(vhid, 1, 0, random.nextLong(), wrong))));
        }
        return frames;
    }

    private static byte[] longToBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    private interface Writer {
        int write(ByteBuffer buffer);
    }

    private static byte[] frame(Writer writer) {
        ByteBuffer b = ByteBuffer.allocate(AdvertFrames.IPV4_FRAME_LENGTH);
        writer.write(b);
        return b.array();
    }
}
