package org.carpd.addr;

/** Adding or removing an address failed; the message names the errno and the address. */
public final class AddressException extends Exception {
    public AddressException(String message) {
        super(message);
    }

    public AddressException(String message, Throwable cause) {
        super(message, cause);
    }
}
