package org.carpd.link;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;

/** libpcap filter expressions compiled by carpd's own binding ({@link LibPcap}), for a handle or for none. */
final class PcapFilters {
    private PcapFilters() {
    }

    /** A struct bpf_program (u_int bf_len, then a pointer to the instructions) for {@link #install}. */
    static Memory newProgram() {
        return new Memory(2L * Native.POINTER_SIZE);
    }

    /**
     * Compiles {@code expression} on {@code pcap} into {@code program} and installs it; the previous
     * filter stays when either step fails, and the compiled code is freed either way.
     */
    static void install(Pointer pcap, Pointer program, String expression) throws IOException {
        if (LibPcap.pcap_compile(pcap, program, expression, 1, LibPcap.NETMASK_UNKNOWN) < 0) {
            throw new IOException("bad capture filter: " + LibPcap.pcap_geterr(pcap));
        }
        try {
            if (LibPcap.pcap_setfilter(pcap, program) < 0) {
                throw new IOException("filter: " + LibPcap.pcap_geterr(pcap));
            }
        } finally {
            LibPcap.pcap_freecode(program);
        }
    }

    /**
     * Compiles {@code expression} for Ethernet frames of up to {@code snaplen} bytes on a handle of
     * no interface (pcap_open_dead), and throws libpcap's reason when it does not compile.
     */
    static void check(int snaplen, String expression) throws IOException {
        LibPcap.bind();
        Pointer dead = LibPcap.pcap_open_dead(LibPcap.DLT_EN10MB, snaplen);
        if (dead == null) {
            throw new IOException("libpcap could not make a handle to compile the filter on");
        }
        Memory program = newProgram();
        try {
            if (LibPcap.pcap_compile(dead, program, expression, 1, LibPcap.NETMASK_UNKNOWN) < 0) {
                throw new IOException(LibPcap.pcap_geterr(dead));
            }
            LibPcap.pcap_freecode(program);
        } finally {
            LibPcap.pcap_close(dead);
        }
    }
}
