package org.carpd.proto;

/** The outcome of HMAC verification of one advert. */
public enum HmacVerdict {
    OK("ok"),
    BAD("bad"),
    /** No key and address list is known for the advert's vhid. */
    UNCHECKED("unchecked");

    private final String label;

    HmacVerdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
