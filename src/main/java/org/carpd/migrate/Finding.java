package org.carpd.migrate;

/**
 * What an import could not carry over ({@code not converted}) or carried over with a difference
 * the admin must know about ({@code note}). The text never quotes a password or an unparsed word
 * of the source (which may be one).
 */
public record Finding(Source where, Kind kind, String text) {
    public enum Kind {
        NOT_CONVERTED("not converted"), NOTE("note");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    public static Finding notConverted(Source where, String text) {
        return new Finding(where, Kind.NOT_CONVERTED, text);
    }

    public static Finding note(Source where, String text) {
        return new Finding(where, Kind.NOTE, text);
    }

    @Override
    public String toString() {
        return where + ": " + kind.label + ": " + text;
    }
}
