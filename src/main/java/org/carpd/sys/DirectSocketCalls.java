package org.carpd.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The socket calls of libc bound by JNA's direct mapping (native methods registered to libc's
 * functions), for the calls carpd makes while it runs: a MASTER renews its VIPs' lifetime through
 * rtnetlink every other advert, and the link monitor sleeps in recv. {@link LibC}'s interface
 * mapping goes through a proxy, reflection and boxed arguments on every call, which at one call
 * a second is interpreted code for minutes (docs/benchmarks.md, "Idle"); a direct call is a JNI
 * call. The same functions and signatures as {@link LibC}'s: code takes {@link SocketCalls}, and
 * tests still pass their fakes.
 */
public final class DirectSocketCalls implements SocketCalls {
    private static DirectSocketCalls instance;

    private DirectSocketCalls() {
    }

    /**
     * The host's libc, bound once.
     *
     * @throws UnsatisfiedLinkError when libc or one of the functions cannot be bound (callers say
     *                              what they do without it, as for {@link LibC#load()})
     */
    public static synchronized SocketCalls load() {
        if (instance == null) {
            Native.register(DirectSocketCalls.class, NativeLibrary.getInstance("c"));
            instance = new DirectSocketCalls();
        }
        return instance;
    }

    @Override
    public native int socket(int domain, int type, int protocol) throws LastErrorException;

    @Override
    public native int bind(int fd, byte[] address, int length) throws LastErrorException;

    @Override
    public native int getsockname(int fd, byte[] address, int[] length) throws LastErrorException;

    @Override
    public native int setsockopt(int fd, int level, int option, byte[] value, int length) throws LastErrorException;

    @Override
    public native int setsockopt(int fd, int level, int option, Pointer value, int length) throws LastErrorException;

    @Override
    public native long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength)
            throws LastErrorException;

    @Override
    public native long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    @Override
    public native int ioctl(int fd, long request, byte[] argument) throws LastErrorException;

    @Override
    public native int close(int fd) throws LastErrorException;

    @Override
    public native int if_nametoindex(String name);
}
