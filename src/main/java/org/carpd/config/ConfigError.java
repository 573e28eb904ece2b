package org.carpd.config;

/** One problem in a configuration file, printed as {@code file:line: problem}. */
public record ConfigError(String file, int line, String problem) implements Comparable<ConfigError> {
    @Override
    public String toString() {
        return file + ":" + line + ": " + problem;
    }

    @Override
    public int compareTo(ConfigError o) {
        int byFile = file.compareTo(o.file);
        return byFile != 0 ? byFile : Integer.compare(line, o.line);
    }
}
