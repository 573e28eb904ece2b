package org.carpd.sys;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The one JNA binding of the C library: every libc function carpd calls, grouped by job in the
 * interfaces it extends. Code takes the narrowest of those it needs (so a test's fake implements
 * only that); {@link #load()} gives the real one. JNA resolves each function at its first call, so
 * the functions one OS lacks (glibc has no getpeereid or sysctl) cost nothing where unused.
 */
public interface LibC extends Library, SocketCalls, PeerCredentialCalls, SysctlCall, SignalCalls, SyslogCalls {
    /**
     * The host's libc.
     *
     * @throws UnsatisfiedLinkError when it cannot be loaded (callers say what they do without it)
     */
    static LibC load() {
        return Native.load("c", LibC.class);
    }
}
