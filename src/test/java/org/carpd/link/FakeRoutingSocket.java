package org.carpd.link;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.carpd.sys.UnexpectedSocketCalls;

/**
 * A fake libc for a {@link RoutingSocketWatch}: records how the socket is opened, set up and
 * closed, and answers recv from a queue: a datagram, or an Integer errno; with nothing queued, the
 * OS's EAGAIN (the receive timeout passed). A call named in {@link #failing} is recorded, then
 * fails with its errno, as the kernel would refuse it.
 */
class FakeRoutingSocket extends UnexpectedSocketCalls {
    final List<String> calls = new ArrayList<>();
    final Deque<Object> answers = new ArrayDeque<>();
    /** Calls ("socket", "bind", "setsockopt", or "setsockopt 20000" for one option) that fail, with their errno. */
    final Map<String, Integer> failing = new HashMap<>();
    private final int fd;
    private final int eagain;

    FakeRoutingSocket(int fd, int eagain) {
        this.fd = fd;
        this.eagain = eagain;
    }

    @Override
    public int socket(int domain, int type, int protocol) {
        calls.add("socket " + domain + " 0x" + Integer.toHexString(type) + " " + protocol);
        failIfAsked("socket");
        return fd;
    }

    @Override
    public int bind(int fd, byte[] address, int length) {
        calls.add("bind " + fd + " " + HexFormat.of().formatHex(address, 0, length));
        failIfAsked("bind");
        return 0;
    }

    /** Records a struct timeval value as {seconds, microseconds}, an int option's as its value. */
    @Override
    public int setsockopt(int fd, int level, int option, byte[] value, int length) {
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.nativeOrder());
        calls.add("setsockopt " + fd + " 0x" + Integer.toHexString(level) + " 0x" + Integer.toHexString(option)
                + " " + length + (length == 4 ? " " + b.getInt(0) : " {" + b.getLong(0) + ", " + b.getLong(8) + "}"));
        failIfAsked("setsockopt " + Integer.toHexString(option));
        failIfAsked("setsockopt");
        return 0;
    }

    /** Records SO_ATTACH_FILTER's struct sock_fprog as the instructions it points to, in hex. */
    @Override
    public int setsockopt(int fd, int level, int option, com.sun.jna.Pointer value, int length) {
        int instructions = value.getShort(0) & 0xffff;
        byte[] program = value.getPointer(com.sun.jna.Native.POINTER_SIZE).getByteArray(0, instructions * 8);
        calls.add("setsockopt " + fd + " 0x" + Integer.toHexString(level) + " 0x" + Integer.toHexString(option)
                + " " + length + " filter " + HexFormat.of().formatHex(program));
        failIfAsked("setsockopt " + Integer.toHexString(option));
        return 0;
    }

    /** Records only a recv with flags (a blocking one is every await's). */
    @Override
    public long recv(int fd, byte[] buffer, long length, int flags) {
        if (flags != 0) {
            calls.add("recv " + fd + " 0x" + Integer.toHexString(flags));
        }
        Object answer = answers.poll();
        if (answer == null || answer instanceof Integer) {
            throw new LastErrorException(answer == null ? eagain : (Integer) answer);
        }
        byte[] datagram = (byte[]) answer;
        System.arraycopy(datagram, 0, buffer, 0, datagram.length);
        return datagram.length;
    }

    @Override
    public int close(int fd) {
        calls.add("close " + fd);
        return 0;
    }

    private void failIfAsked(String call) {
        Integer errno = failing.get(call);
        if (errno != null) {
            throw new LastErrorException(errno);
        }
    }
}
