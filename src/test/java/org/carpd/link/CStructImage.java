package org.carpd.link;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out a C struct from its member list as the C ABI does (each member at the next multiple
 * of its alignment, the struct padded to a multiple of its largest alignment) and writes a byte
 * image of it: how the tests build FreeBSD's messages from the header text rather than from the
 * decoder's own offsets. {@link Abi} gives the sizes of the types that differ between ABIs.
 */
final class CStructImage {
    /** Type sizes and alignments of one ABI (both FreeBSD amd64 and arm64 are LP64, little-endian). */
    record Abi(String name, int longSize, int timeTSize, ByteOrder order) {
        static final Abi AMD64 = new Abi("amd64", 8, 8, ByteOrder.LITTLE_ENDIAN);
        static final Abi ARM64 = new Abi("arm64", 8, 8, ByteOrder.LITTLE_ENDIAN);
    }

    /** A member: a scalar type name, a char array "char[N]", or a nested struct. */
    record Member(String name, String type, CStructImage nested) {
        static Member of(String type, String name) {
            return new Member(name, type, null);
        }

        static Member struct(CStructImage nested, String name) {
            return new Member(name, "struct", nested);
        }
    }

    private final Abi abi;
    private final Map<String, int[]> layout = new LinkedHashMap<>(); // name -> {offset, size}
    private final Map<String, CStructImage> nested = new LinkedHashMap<>();
    private final int size;
    private final int align;

    CStructImage(Abi abi, List<Member> members) {
        this.abi = abi;
        int offset = 0;
        int maxAlign = 1;
        for (Member m : members) {
            int memberSize;
            int memberAlign;
            if (m.nested != null) {
                memberSize = m.nested.size;
                memberAlign = m.nested.align;
                nested.put(m.name, m.nested);
            } else if (m.type.startsWith("char[")) {
                memberSize = Integer.parseInt(m.type.substring(5, m.type.length() - 1));
                memberAlign = 1;
            } else {
                memberSize = scalarSize(m.type);
                memberAlign = memberSize;
            }
            offset = (offset + memberAlign - 1) / memberAlign * memberAlign;
            layout.put(m.name, new int[] {offset, memberSize});
            offset += memberSize;
            maxAlign = Math.max(maxAlign, memberAlign);
        }
        this.align = maxAlign;
        this.size = (offset + maxAlign - 1) / maxAlign * maxAlign;
    }

    private int scalarSize(String type) {
        return switch (type) {
            case "u_char", "uint8_t" -> 1;
            case "u_short", "uint16_t" -> 2;
            case "int", "uint32_t", "u_int" -> 4;
            case "uint64_t" -> 8;
            case "u_long", "long" -> abi.longSize;
            case "time_t" -> abi.timeTSize;
            default -> throw new IllegalArgumentException("unknown C type " + type);
        };
    }

    int size() {
        return size;
    }

    /** The offset of a member; "a.b" reaches into a nested struct. */
    int offset(String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            return layout.get(path)[0];
        }
        String head = path.substring(0, dot);
        return layout.get(head)[0] + nested.get(head).offset(path.substring(dot + 1));
    }

    private int sizeOf(String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? layout.get(path)[1] : nested.get(path.substring(0, dot)).sizeOf(path.substring(dot + 1));
    }

    /** A zeroed image of {@code total} bytes (at least the struct's size) to fill in. */
    Image image(int total) {
        return new Image(ByteBuffer.allocate(Math.max(total, size)).order(abi.order));
    }

    final class Image {
        private final ByteBuffer b;

        private Image(ByteBuffer b) {
            this.b = b;
        }

        Image set(String path, long value) {
            int at = offset(path);
            switch (sizeOf(path)) {
                case 1 -> b.put(at, (byte) value);
                case 2 -> b.putShort(at, (short) value);
                case 4 -> b.putInt(at, (int) value);
                case 8 -> b.putLong(at, value);
                default -> throw new IllegalArgumentException(path);
            }
            return this;
        }

        Image chars(String path, String text) {
            byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            b.put(offset(path), bytes);
            return this;
        }

        byte[] bytes() {
            return b.array();
        }
    }
}
