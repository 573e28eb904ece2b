package org.carpd.sys;

import com.sun.jna.Pointer;

/**
 * The base of a test's fake libc: every socket call fails the test, so a fake overrides exactly
 * the calls the code under test is expected to make, and any other call is caught (as a narrower
 * interface per caller used to catch it at compile time).
 */
public abstract class UnexpectedSocketCalls implements SocketCalls {
    private static AssertionError unexpected(String call) {
        return new AssertionError("unexpected libc call: " + call);
    }

    @Override
    public int socket(int domain, int type, int protocol) {
        throw unexpected("socket");
    }

    @Override
    public int bind(int fd, byte[] address, int length) {
        throw unexpected("bind");
    }

    @Override
    public int getsockname(int fd, byte[] address, int[] length) {
        throw unexpected("getsockname");
    }

    @Override
    public int setsockopt(int fd, int level, int option, byte[] value, int length) {
        throw unexpected("setsockopt");
    }

    @Override
    public int setsockopt(int fd, int level, int option, Pointer value, int length) {
        throw unexpected("setsockopt (pointer)");
    }

    @Override
    public long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength) {
        throw unexpected("sendto");
    }

    @Override
    public long recv(int fd, byte[] buffer, long length, int flags) {
        throw unexpected("recv");
    }

    @Override
    public int ioctl(int fd, long request, byte[] argument) {
        throw unexpected("ioctl");
    }

    @Override
    public int close(int fd) {
        throw unexpected("close");
    }

    @Override
    public int if_nametoindex(String name) {
        throw unexpected("if_nametoindex");
    }
}
