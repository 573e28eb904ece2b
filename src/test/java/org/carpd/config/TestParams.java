package org.carpd.config;

import org.carpd.core.CarpParams;
import org.carpd.core.VrrpParams;

/** The protocol parameters of a parsed vhid, for assertions on one protocol's settings. */
public final class TestParams {
    private TestParams() {
    }

    public static CarpParams carp(VhidConfig config) {
        return (CarpParams) config.settings().params();
    }

    public static VrrpParams vrrp(VhidConfig config) {
        return (VrrpParams) config.settings().params();
    }
}
