package org.carpd.config;

/**
 * Reads a {@code passfile}. The parser is pure; the daemon supplies the file access (and the
 * permission check) through this interface.
 */
@FunctionalInterface
public interface SecretReader {
    /**
     * Returns the password: the first line of the file, without its line ending.
     *
     * @throws IllegalArgumentException with a message naming the problem (missing, unreadable,
     *                                  readable by group or others)
     */
    byte[] read(String path);
}
