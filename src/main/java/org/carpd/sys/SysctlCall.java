package org.carpd.sys;

import com.sun.jna.LastErrorException;

/** FreeBSD's sysctl(3) by MIB (glibc no longer has it). {@code long} stands for size_t (LP64). */
public interface SysctlCall {
    /** {@code int sysctl(const int *name, u_int namelen, void *oldp, size_t *oldlenp, const void *newp, size_t newlen)}. */
    int sysctl(int[] name, int nameLength, byte[] old, long[] oldLength, byte[] newValue, long newLength)
            throws LastErrorException;
}
