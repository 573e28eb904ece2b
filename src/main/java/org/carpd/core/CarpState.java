package org.carpd.core;

/** The three CARP states, named as FreeBSD and OpenBSD print them. */
public enum CarpState {
    INIT,
    BACKUP,
    MASTER
}
