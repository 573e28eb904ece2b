package org.carpd.link;

import java.io.IOException;

/**
 * What the daemon does with an interface's link besides sending on it: follow the protocols on
 * the interface ({@link #useSize}), join the IPv6 group, close it. {@link PcapLink} is the one the
 * daemon opens; a test's fake stands in for it to check the order a reload does things in.
 */
public interface CaptureLink extends LinkPort, AutoCloseable {
    /** The size of the capture in use, or of the one about to replace it. */
    CaptureSize size();

    /** Replaces the capture with one of {@code wanted}; throws, and the one in use stays, when it cannot. */
    void useSize(CaptureSize wanted) throws IOException;

    /** Joins ff02::12 too (a vhid on the interface got its first IPv6 address). */
    void ensureIpv6() throws IOException;

    @Override
    void close();
}
