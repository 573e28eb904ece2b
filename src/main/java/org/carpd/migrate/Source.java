package org.carpd.migrate;

/** Where something came from: a file as named on the command line, and a line (1-based). */
public record Source(String file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
