package org.carpd.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.ptr.IntByReference;

/**
 * Who is at the other end of a UNIX socket. Linux: {@code getsockopt(SOL_SOCKET, SO_PEERCRED)}
 * (a {@code struct ucred}). FreeBSD: {@code getpeereid(3)}, which glibc does not have.
 */
public interface PeerCredentialCalls {
    int getsockopt(int fd, int level, int option, byte[] value, IntByReference length) throws LastErrorException;

    int getpeereid(int fd, IntByReference euid, IntByReference egid) throws LastErrorException;
}
