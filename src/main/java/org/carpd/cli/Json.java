package org.carpd.cli;

/** Just enough JSON writing for one-object-per-line output: ordered fields, escaped strings. */
final class Json {
    private final StringBuilder sb = new StringBuilder(256).append('{');

    Json field(String name, String value) {
        key(name);
        if (value == null) {
            sb.append("null");
        } else {
            quote(value);
        }
        return this;
    }

    Json field(String name, long value) {
        key(name);
        sb.append(value);
        return this;
    }

    /** An unsigned 64-bit value as a JSON number. */
    Json unsignedField(String name, long value) {
        key(name);
        sb.append(Long.toUnsignedString(value));
        return this;
    }

    Json field(String name, boolean value) {
        key(name);
        sb.append(value);
        return this;
    }

    private void key(String name) {
        if (sb.length() > 1) {
            sb.append(',');
        }
        quote(name);
        sb.append(':');
    }

    private void quote(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
