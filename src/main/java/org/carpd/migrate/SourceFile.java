package org.carpd.migrate;

/** One input file: its name as given on the command line and its text. */
public record SourceFile(String name, String text) {
}
