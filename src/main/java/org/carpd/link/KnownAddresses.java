package org.carpd.link;

/**
 * What the link monitor last read: whether the interface with a kernel index already had an
 * address. An address notification that only repeats such an address (the kernel sends one for
 * every renewal of a VIP's lifetime, about every two seconds on a MASTER) cannot change a reading,
 * so it needs none (see {@link RenewedAddresses}).
 */
@FunctionalInterface
interface KnownAddresses {
    /** Nothing is known: every address notification is news. */
    KnownAddresses NONE = (index, address) -> false;

    boolean has(int index, byte[] address);
}
