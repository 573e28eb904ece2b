package org.carpd.control;

import com.sun.jna.LastErrorException;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import org.carpd.sys.LibC;
import org.carpd.sys.LinuxConstants;
import org.carpd.sys.Os;
import org.carpd.sys.PeerCredentialCalls;

/**
 * Who is at the other end of a UNIX stream socket: the effective uid and gid the kernel recorded
 * when the peer connected. Linux: {@code getsockopt(SOL_SOCKET, SO_PEERCRED)} filling a
 * {@code struct ucred {pid_t pid; uid_t uid; gid_t gid;}}. FreeBSD: libc's {@code getpeereid(3)},
 * which reads {@code LOCAL_PEERCRED} (an {@code xucred}) and returns its uid and first group.
 * The control socket's only native calls ({@link PeerCredentialCalls}); nothing else here touches native code.
 */
final class PeerCredentials {
    /** The peer's effective ids. */
    record Peer(int uid, int gid) {
    }

    private static final int UCRED_SIZE = 12;
    private static PeerCredentialCalls libc;

    private PeerCredentials() {
    }

    static Peer of(SocketChannel channel) throws IOException {
        int fd = fd(channel);
        try {
            PeerCredentialCalls c = libc();
            if (Os.current() == Os.FREEBSD) {
                IntByReference uid = new IntByReference();
                IntByReference gid = new IntByReference();
                c.getpeereid(fd, uid, gid);
                return new Peer(uid.getValue(), gid.getValue());
            }
            byte[] ucred = new byte[UCRED_SIZE];
            c.getsockopt(fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_PEERCRED, ucred,
                    new IntByReference(UCRED_SIZE));
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(ucred).order(ByteOrder.nativeOrder());
            return new Peer(b.getInt(4), b.getInt(8));
        } catch (LastErrorException | UnsatisfiedLinkError e) {
            throw new IOException("cannot read the peer's credentials: " + e.getMessage());
        }
    }

    private static synchronized PeerCredentialCalls libc() {
        if (libc == null) {
            libc = LibC.load();
        }
        return libc;
    }

    /**
     * The descriptor behind a JDK socket channel. The JDK has no public accessor; its channels
     * implement {@code sun.nio.ch.SelChImpl}, which the jar's manifest exports to carpd under
     * {@code java -jar} ({@code Add-Exports: java.base/sun.nio.ch}) and the launcher, which runs
     * carpd from the class path, with {@code --add-exports}. Without that export, no command is
     * trusted.
     */
    private static int fd(SocketChannel channel) throws IOException {
        try {
            return (Integer) Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal").invoke(channel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot read the peer's credentials (run carpd with "
                    + "--add-exports java.base/sun.nio.ch=ALL-UNNAMED): " + e);
        }
    }
}
