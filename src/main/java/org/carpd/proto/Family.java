package org.carpd.proto;

/** The two address families a vhid can carry; each has its own adverts and master-down timer. */
public enum Family {
    INET(4),
    INET6(16);

    private final int addressLength;

    Family(int addressLength) {
        this.addressLength = addressLength;
    }

    public int addressLength() {
        return addressLength;
    }

    public static Family ofAddressLength(int length) {
        return switch (length) {
            case 4 -> INET;
            case 16 -> INET6;
            default -> throw new IllegalArgumentException("no address family has " + length + "-byte addresses");
        };
    }
}
