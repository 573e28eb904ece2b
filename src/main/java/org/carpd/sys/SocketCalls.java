package org.carpd.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;

/**
 * The socket calls of libc that carpd makes (socket(2) and its kin, ioctl(2) on a socket,
 * if_nametoindex(3)), with the same signatures on Linux and FreeBSD. {@code long} stands for
 * size_t / ssize_t (LP64: amd64 and arm64 of both). A call that fails throws
 * {@link LastErrorException} carrying the errno. The real one is {@link LibC#load()}; tests pass a
 * fake that records the calls and answers as the kernel would.
 */
public interface SocketCalls {
    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] address, int length) throws LastErrorException;

    /** getsockname(2): the socket's own address into {@code address}, its length in {@code length[0]} (in and out). */
    int getsockname(int fd, byte[] address, int[] length) throws LastErrorException;

    int setsockopt(int fd, int level, int option, byte[] value, int length) throws LastErrorException;

    /** For an option whose value holds a pointer (Linux SO_ATTACH_FILTER's {@code struct sock_fprog}). */
    int setsockopt(int fd, int level, int option, Pointer value, int length) throws LastErrorException;

    long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength)
            throws LastErrorException;

    long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    /** {@code int ioctl(int, unsigned long, ...)}: the request is 64 bits on LP64 and must not sign-extend. */
    int ioctl(int fd, long request, byte[] argument) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    /** if_nametoindex(3): 0 when there is no such interface (one ioctl, where NetworkInterface reads them all). */
    int if_nametoindex(String name);
}
