package org.carpd.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;

/** signal(3): setting a signal's disposition (a null handler is SIG_DFL; the previous one comes back). */
public interface SignalCalls {
    /** SIG_IGN, as signal(3) returns it: the handler address 1 (the same on Linux and FreeBSD). */
    long SIG_IGN = 1;

    Pointer signal(int signal, Pointer handler) throws LastErrorException;
}
