package org.carpd.sys;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes ld.so.cache files as glibc's {@code save_cache} (elf/cache.c) lays them out, for
 * {@link LinkerCacheTest}: the new format alone or after the old table ("compat", whose entry
 * count glibc rounds up to an even number so the new header lands 8-byte aligned), string
 * offsets from the new header, an optional extension directory holding the generator string.
 */
final class LinkerCacheImage {
    private final ByteOrder order;
    private final List<String[]> entries = new ArrayList<>();
    private boolean compat;
    private boolean extension;
    private int endianFlags;

    LinkerCacheImage(ByteOrder order) {
        this.order = order;
        this.endianFlags = order == ByteOrder.LITTLE_ENDIAN ? 2 : 3;
    }

    LinkerCacheImage entry(String name, String path) {
        entries.add(new String[] {name, path});
        return this;
    }

    LinkerCacheImage compat() {
        compat = true;
        return this;
    }

    LinkerCacheImage withExtension() {
        extension = true;
        return this;
    }

    LinkerCacheImage endianFlags(int flags) {
        endianFlags = flags;
        return this;
    }

    /** Where the new header starts in {@link #bytes()}. */
    int newHeaderOffset() {
        if (!compat) {
            return 0;
        }
        int oldCount = (entries.size() + 1) & ~1;
        return (16 + oldCount * 12 + 7) & ~7;
    }

    /** Where the entries' strings start, from the new header. */
    private int stringsFromHeader() {
        return 48 + entries.size() * 24;
    }

    byte[] bytes() {
        int base = newHeaderOffset();
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        int[][] offsets = new int[entries.size()][2];
        for (int i = 0; i < entries.size(); i++) {
            for (int j = 0; j < 2; j++) {
                offsets[i][j] = stringsFromHeader() + strings.size();
                strings.writeBytes(entries.get(i)[j].getBytes(StandardCharsets.UTF_8));
                strings.write(0);
            }
        }
        while (strings.size() % 4 != 0) {
            strings.write(0);
        }
        byte[] generator = "ldconfig (test) release version 2.36".getBytes(StandardCharsets.US_ASCII);
        int extensionAt = base + stringsFromHeader() + strings.size();
        int size = extensionAt + (extension ? 8 + 16 + generator.length : 0);
        ByteBuffer out = ByteBuffer.allocate(size).order(order);
        if (compat) {
            out.put("ld.so-1.7.0".getBytes(StandardCharsets.US_ASCII));
            out.putInt(12, (entries.size() + 1) & ~1);
            // the old entries' strings are not read by ldconfig -p once the new table is there
        }
        out.position(base);
        out.put("glibc-ld.so.cache1.1".getBytes(StandardCharsets.US_ASCII));
        out.putInt(base + 20, entries.size());
        out.putInt(base + 24, strings.size());
        out.put(base + 28, (byte) endianFlags);
        out.putInt(base + 32, extension ? extensionAt : 0);
        for (int i = 0; i < entries.size(); i++) {
            int entry = base + 48 + i * 24;
            out.putInt(entry, 0x0303); // libc6, x86-64
            out.putInt(entry + 4, offsets[i][0]);
            out.putInt(entry + 8, offsets[i][1]);
        }
        out.position(base + stringsFromHeader());
        out.put(strings.toByteArray());
        if (extension) {
            out.putInt(extensionAt, 0xEAA42174);
            out.putInt(extensionAt + 4, 1);
            out.putInt(extensionAt + 8, 0); // cache_extension_tag_generator
            out.putInt(extensionAt + 12, 0);
            out.putInt(extensionAt + 16, extensionAt + 24);
            out.putInt(extensionAt + 20, generator.length);
            out.position(extensionAt + 24);
            out.put(generator);
        }
        return out.array();
    }
}
