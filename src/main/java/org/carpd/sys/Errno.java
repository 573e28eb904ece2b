package org.carpd.sys;

import java.util.HashMap;
import java.util.Map;

/**
 * errno names by number, per OS: FreeBSD's numbers differ from Linux's beyond the first few
 * (ENOBUFS is 55 there, 105 here). The FreeBSD table is the whole of sys/sys/errno.h (FreeBSD
 * 14, EPERM 1 to EINTEGRITY 97), so any errno an ioctl, a PF_ROUTE socket, a BPF write or a raw
 * socket can return is named; the Linux table covers asm-generic/errno-base.h and the network
 * errors of asm-generic/errno.h.
 */
public final class Errno {
    public static final int LINUX_EAGAIN = 11;
    public static final int LINUX_EEXIST = 17;
    public static final int LINUX_EADDRNOTAVAIL = 99;
    public static final int FREEBSD_ENOMEM = 12;
    public static final int FREEBSD_EEXIST = 17;
    public static final int FREEBSD_EAGAIN = 35;
    public static final int FREEBSD_EADDRNOTAVAIL = 49;

    private static final Map<Integer, String> LINUX = table(
            "EPERM ENOENT ESRCH EINTR EIO ENXIO E2BIG ENOEXEC EBADF ECHILD EAGAIN ENOMEM EACCES EFAULT ENOTBLK"
                    + " EBUSY EEXIST EXDEV ENODEV ENOTDIR EISDIR EINVAL ENFILE EMFILE ENOTTY ETXTBSY EFBIG ENOSPC"
                    + " ESPIPE EROFS EMLINK EPIPE EDOM ERANGE", 1,
            Map.ofEntries(Map.entry(38, "ENOSYS"), Map.entry(71, "EPROTO"), Map.entry(74, "EBADMSG"),
                    Map.entry(75, "EOVERFLOW"), Map.entry(88, "ENOTSOCK"), Map.entry(89, "EDESTADDRREQ"),
                    Map.entry(90, "EMSGSIZE"), Map.entry(91, "EPROTOTYPE"), Map.entry(92, "ENOPROTOOPT"),
                    Map.entry(93, "EPROTONOSUPPORT"), Map.entry(94, "ESOCKTNOSUPPORT"), Map.entry(95, "EOPNOTSUPP"),
                    Map.entry(96, "EPFNOSUPPORT"), Map.entry(97, "EAFNOSUPPORT"), Map.entry(98, "EADDRINUSE"),
                    Map.entry(99, "EADDRNOTAVAIL"), Map.entry(100, "ENETDOWN"), Map.entry(101, "ENETUNREACH"),
                    Map.entry(102, "ENETRESET"), Map.entry(103, "ECONNABORTED"), Map.entry(104, "ECONNRESET"),
                    Map.entry(105, "ENOBUFS"), Map.entry(106, "EISCONN"), Map.entry(107, "ENOTCONN"),
                    Map.entry(110, "ETIMEDOUT"), Map.entry(111, "ECONNREFUSED"), Map.entry(112, "EHOSTDOWN"),
                    Map.entry(113, "EHOSTUNREACH"), Map.entry(114, "EALREADY"), Map.entry(115, "EINPROGRESS")));

    /** sys/sys/errno.h of FreeBSD 14, in order from 1. */
    private static final Map<Integer, String> FREEBSD = table(
            "EPERM ENOENT ESRCH EINTR EIO ENXIO E2BIG ENOEXEC EBADF ECHILD EDEADLK ENOMEM EACCES EFAULT ENOTBLK"
                    + " EBUSY EEXIST EXDEV ENODEV ENOTDIR EISDIR EINVAL ENFILE EMFILE ENOTTY ETXTBSY EFBIG ENOSPC"
                    + " ESPIPE EROFS EMLINK EPIPE EDOM ERANGE EAGAIN EINPROGRESS EALREADY ENOTSOCK EDESTADDRREQ"
                    + " EMSGSIZE EPROTOTYPE ENOPROTOOPT EPROTONOSUPPORT ESOCKTNOSUPPORT EOPNOTSUPP EPFNOSUPPORT"
                    + " EAFNOSUPPORT EADDRINUSE EADDRNOTAVAIL ENETDOWN ENETUNREACH ENETRESET ECONNABORTED ECONNRESET"
                    + " ENOBUFS EISCONN ENOTCONN ESHUTDOWN ETOOMANYREFS ETIMEDOUT ECONNREFUSED ELOOP ENAMETOOLONG"
                    + " EHOSTDOWN EHOSTUNREACH ENOTEMPTY EPROCLIM EUSERS EDQUOT ESTALE EREMOTE EBADRPC ERPCMISMATCH"
                    + " EPROGUNAVAIL EPROGMISMATCH EPROCUNAVAIL ENOLCK ENOSYS EFTYPE EAUTH ENEEDAUTH EIDRM ENOMSG"
                    + " EOVERFLOW ECANCELED EILSEQ ENOATTR EDOOFUS EBADMSG EMULTIHOP ENOLINK EPROTO ENOTCAPABLE"
                    + " ECAPMODE ENOTRECOVERABLE EOWNERDEAD EINTEGRITY", 1, Map.of());

    private Errno() {
    }

    private static Map<Integer, String> table(String names, int first, Map<Integer, String> more) {
        Map<Integer, String> table = new HashMap<>(more);
        String[] list = names.split(" ");
        for (int i = 0; i < list.length; i++) {
            table.put(first + i, list[i]);
        }
        return Map.copyOf(table);
    }

    public static String linux(int errno) {
        return LINUX.getOrDefault(errno, "errno " + errno);
    }

    public static String freebsd(int errno) {
        return FREEBSD.getOrDefault(errno, "errno " + errno);
    }

    /** The name of an errno of {@code os} (Linux's numbers anywhere but FreeBSD, as before). */
    public static String name(Os os, int errno) {
        return os == Os.FREEBSD ? freebsd(errno) : linux(errno);
    }

    /** The name of an errno of the OS carpd runs on. */
    public static String name(int errno) {
        return name(Os.current(), errno);
    }

    /** "55 (ENOBUFS)": the number, as FreeBSD's own log lines give it, and its name. */
    public static String describe(int errno) {
        return errno + " (" + name(errno) + ")";
    }
}
