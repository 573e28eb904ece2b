package org.carpd.link;

import java.io.IOException;

/**
 * A frame or datagram that the OS refused to send, with its errno when one is known (0 when
 * not), so that the send-error demotion can name it as FreeBSD's carp_send_ad_error does.
 */
public final class SendFailure extends IOException {
    private final int errno;

    public SendFailure(String message, int errno, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /** The errno, or 0 when the OS gave none. */
    public int errno() {
        return errno;
    }
}
