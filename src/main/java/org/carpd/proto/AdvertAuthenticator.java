package org.carpd.proto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Signs and verifies the SHA-1 HMAC of CARP adverts for one vhid, exactly as FreeBSD computes it
 * (carp_hmac_prepare in sys/netinet/ip_carp.c): the message is {@code 0x02 0x01 vhid}, every IPv4 address of the vhid
 * in ascending numeric order, every IPv6 address in ascending byte order (scope word cleared),
 * then the 8 counter bytes as on the wire. The key is the password bytes (at most 19, as
 * ifconfig's {@code strlcpy} into a 20-byte key leaves them).
 *
 * <p>Not thread-safe: it reuses its buffers so that verifying allocates nothing.
 */
public final class AdvertAuthenticator {
    /** ifconfig and ucarp keep a password in a 20-byte, NUL-terminated key. */
    public static final int MAX_PASSWORD_BYTES = 19;

    private final HmacSha1 hmac;
    private final byte[] messagePrefix;
    /**
     * OpenBSD's sending context (HMAC_NOV6LL): the prefix without the scoped IPv6 addresses, or
     * null when the vhid has none. OpenBSD signs with it and accepts either; so does carpd.
     */
    private final byte[] withoutScopedPrefix;
    private final byte[] scratch = new byte[Sha1.DIGEST_LENGTH];

    public AdvertAuthenticator(int vhid, byte[] password, Collection<IpPrefix> addresses) {
        if (vhid < 1 || vhid > 255) {
            throw new IllegalArgumentException("vhid " + vhid + " is out of range 1..255");
        }
        if (password.length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("password is " + password.length + " bytes; CARP keys hold at most "
                    + MAX_PASSWORD_BYTES + " (longer ones would be truncated by FreeBSD and refused by ucarp)");
        }
        this.hmac = new HmacSha1(password);
        this.messagePrefix = messagePrefix(vhid, addresses);
        List<IpPrefix> unscoped = new ArrayList<>();
        for (IpPrefix address : addresses) {
            if (!isScoped(address.address())) {
                unscoped.add(address);
            }
        }
        this.withoutScopedPrefix = unscoped.size() == addresses.size() ? null : messagePrefix(vhid, unscoped);
    }

    /** The bytes hashed before the counter; exposed for tests against the spec's vectors. */
    public static byte[] messagePrefix(int vhid, Collection<IpPrefix> addresses) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(CarpHeader.VERSION);
        out.write(CarpHeader.TYPE_ADVERTISEMENT);
        out.write(vhid);
        for (Family family : Family.values()) {
            // A sorted set of distinct addresses mirrors FreeBSD's "strictly increasing" selection loop.
            TreeSet<byte[]> sorted = new TreeSet<>(Arrays::compareUnsigned);
            for (IpPrefix prefix : addresses) {
                if (prefix.family() == family) {
                    sorted.add(hashedForm(prefix.address()));
                }
            }
            for (byte[] address : sorted) {
                if (isAllBytes(address, 0) || isAllBytes(address, 0xff)) {
                    continue; // FreeBSD's loop starts above 0 and stops below all-ones: never hashed.
                }
                out.write(address, 0, address.length);
            }
        }
        return out.toByteArray();
    }

    /** IPv6 link-local and link/interface-local multicast addresses are hashed with the KAME scope word cleared. */
    private static byte[] hashedForm(byte[] address) {
        if (isScoped(address)) {
            address[2] = 0;
            address[3] = 0;
        }
        return address;
    }

    /** An IPv6 address whose scope the KAME kernels embed: link-local, link- or interface-local multicast. */
    private static boolean isScoped(byte[] address) {
        if (address.length != 16) {
            return false;
        }
        boolean linkLocal = (address[0] & 0xff) == 0xfe && (address[1] & 0xc0) == 0x80;
        boolean scopedMulticast = (address[0] & 0xff) == 0xff && ((address[1] & 0x0f) == 1 || (address[1] & 0x0f) == 2);
        return linkLocal || scopedMulticast;
    }

    private static boolean isAllBytes(byte[] address, int value) {
        for (byte b : address) {
            if ((b & 0xff) != value) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes the HMAC into the header at {@code headerOffset}, computed over the counter already
     * written there.
     */
    public void sign(ByteBuffer buffer, int headerOffset) {
        compute(buffer, headerOffset, messagePrefix, scratch);
        for (int i = 0; i < Sha1.DIGEST_LENGTH; i++) {
            buffer.put(headerOffset + CarpHeader.HMAC_OFFSET + i, scratch[i]);
        }
    }

    /**
     * True when the header's HMAC matches, computed as FreeBSD does or, for a vhid with link-local
     * IPv6 addresses, as OpenBSD sends it (without them; carp_hmac_verify accepts either); compares
     * in constant time.
     */
    public boolean verify(ByteBuffer buffer, int headerOffset) {
        return matches(buffer, headerOffset, messagePrefix)
                || withoutScopedPrefix != null && matches(buffer, headerOffset, withoutScopedPrefix);
    }

    private boolean matches(ByteBuffer buffer, int headerOffset, byte[] prefix) {
        compute(buffer, headerOffset, prefix, scratch);
        int difference = 0;
        for (int i = 0; i < Sha1.DIGEST_LENGTH; i++) {
            difference |= scratch[i] ^ buffer.get(headerOffset + CarpHeader.HMAC_OFFSET + i);
        }
        return difference == 0;
    }

    private void compute(ByteBuffer buffer, int headerOffset, byte[] prefix, byte[] out) {
        hmac.begin();
        hmac.update(prefix, 0, prefix.length);
        hmac.update(buffer, headerOffset + CarpHeader.COUNTER_OFFSET, CarpHeader.COUNTER_LENGTH);
        hmac.finish(out, 0);
    }
}
