package org.carpd.core;

/**
 * What only one protocol has in a vhid's settings. A new protocol is one more record here, one
 * {@link VhidMachine} and one codec; the code around them speaks of {@link VhidSettings}.
 */
public sealed interface ProtocolParams permits CarpParams, VrrpRouter {
    Protocol protocol();

    /** How often a MASTER advertises, undemoted: what a VIP's lifetime is worked out from. */
    long advertIntervalNs();

    /** The password its adverts are authenticated with; empty when it has none (or the protocol none). */
    default byte[] password() {
        return new byte[0];
    }

    /** Whether a vhid of this protocol takes over from a worse master by default (keyword {@code preempt}). */
    boolean preemptByDefault();
}
