package org.carpd.json;

/** Just enough JSON writing for one-object-per-line output: ordered fields, escaped strings. */
public final class Json {
    private final StringBuilder sb = new StringBuilder(256).append('{');

    public Json field(String name, String value) {
        key(name);
        if (value == null) {
            sb.append("null");
        } else {
            quote(value);
        }
        return this;
    }

    public Json field(String name, long value) {
        key(name);
        sb.append(value);
        return this;
    }

    /** An unsigned 64-bit value as a JSON number. */
    public Json unsignedField(String name, long value) {
        key(name);
        sb.append(Long.toUnsignedString(value));
        return this;
    }

    public Json field(String name, boolean value) {
        key(name);
        sb.append(value);
        return this;
    }

    /** A field whose value is already JSON text (an array or a nested object). */
    public Json rawField(String name, String json) {
        key(name);
        sb.append(json);
        return this;
    }

    /** A JSON array of strings. */
    public static String array(java.util.List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String value : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            Json one = new Json();
            one.quote(value);
            out.append(one.sb, 1, one.sb.length());
        }
        return out.append(']').toString();
    }

    /** A JSON array of raw JSON values. */
    public static String rawArray(java.util.List<String> values) {
        return "[" + String.join(",", values) + "]";
    }

    /** Appends every field of {@code other} to this object. */
    public Json merge(Json other) {
        if (other.sb.length() > 1) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(other.sb, 1, other.sb.length());
        }
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
