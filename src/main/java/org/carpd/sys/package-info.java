/**
 * The operating system, in one place: which OS carpd runs on ({@link org.carpd.sys.Os}, decided
 * once), the one JNA binding of libc ({@link org.carpd.sys.LibC}, split by job into
 * {@link org.carpd.sys.SocketCalls}, {@link org.carpd.sys.PeerCredentialCalls},
 * {@link org.carpd.sys.SysctlCall}, {@link org.carpd.sys.SignalCalls} and
 * {@link org.carpd.sys.SyslogCalls}), the header values each OS gives the calls
 * ({@link org.carpd.sys.LinuxConstants}, {@link org.carpd.sys.FreeBsdConstants}, and
 * {@link org.carpd.sys.SocketConstants} for code that runs on both) and errno names
 * ({@link org.carpd.sys.Errno}).
 *
 * <p>What the calls are for stays with the rooms that make them: address management in addr,
 * link watches and unicast sockets in link, peer credentials in control, signals and syslog in
 * daemon. Each takes the narrowest job interface it needs, so a test passes a fake libc that
 * answers as the kernel would (that is how the FreeBSD backend is tested on Linux). A new OS
 * is a new constants class, an {@code Os} value, and its backends in addr and link.
 */
package org.carpd.sys;
