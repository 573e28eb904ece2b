package org.carpd.link;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import org.carpd.proto.LinkType;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/** Frames from libpcap (through pcap4j): a capture file, or live capture of CARP on an interface. */
public final class PcapFrameSource implements FrameSource {
    /** Only IP protocol 112 reaches user space; everything else is dropped in the kernel's BPF. */
    public static final String CARP_FILTER = "ip proto 112 or ip6 proto 112";
    private static final int SNAPLEN = 1536;
    private static final int READ_TIMEOUT_MS = 100;

    private final PcapHandle handle;
    private final LinkType linkType;

    private PcapFrameSource(PcapHandle handle, String what) throws IOException {
        this.handle = handle;
        int dlt = handle.getDlt().value();
        this.linkType = LinkType.ofDlt(dlt);
        if (linkType == null) {
            handle.close();
            throw new IOException(what + ": unsupported link type (DLT " + dlt + ")");
        }
    }

    /** Opens a pcap or pcapng file. */
    public static PcapFrameSource openFile(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read capture file " + file + ": "
                    + (Files.exists(file) ? "permission denied" : "no such file"));
        }
        try {
            return new PcapFrameSource(Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.MICRO),
                    file.toString());
        } catch (PcapNativeException e) {
            throw new IOException("cannot read capture file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Captures CARP live on {@code interfaceName}. Promiscuous mode is for this diagnostic tool
     * only, so that it also shows groups the host has not joined.
     */
    public static PcapFrameSource openLive(String interfaceName) throws IOException {
        try {
            PcapNetworkInterface nif = Pcaps.getDevByName(interfaceName);
            if (nif == null) {
                throw new IOException("no such interface: " + interfaceName);
            }
            PcapHandle handle = new PcapHandle.Builder(interfaceName).snaplen(SNAPLEN)
                    .promiscuousMode(PcapNetworkInterface.PromiscuousMode.PROMISCUOUS)
                    .timeoutMillis(READ_TIMEOUT_MS).immediateMode(true).build();
            handle.setFilter(CARP_FILTER, BpfProgram.BpfCompileMode.OPTIMIZE);
            return new PcapFrameSource(handle, interfaceName);
        } catch (PcapNativeException | NotOpenException e) {
            throw new IOException("cannot capture on " + interfaceName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public LinkType linkType() {
        return linkType;
    }

    @Override
    public CapturedFrame next() throws IOException {
        try {
            while (true) {
                try {
                    byte[] data = handle.getNextRawPacketEx();
                    return new CapturedFrame(toInstant(handle.getTimestamp()), data);
                } catch (TimeoutException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        return null;
                    }
                }
            }
        } catch (EOFException e) {
            return null;
        } catch (PcapNativeException | NotOpenException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static Instant toInstant(java.sql.Timestamp timestamp) {
        return timestamp == null ? Instant.now() : timestamp.toInstant();
    }

    @Override
    public void close() {
        handle.close();
    }
}
