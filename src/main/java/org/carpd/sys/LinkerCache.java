package org.carpd.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories JNA would take from {@code /sbin/ldconfig -p}, read from the file that command
 * prints: glibc's dynamic linker cache, {@code /etc/ld.so.cache}. JNA runs the command at its
 * first use on Linux and keeps, for each line {@code "\tNAME (FLAGS) => PATH"}, the text between
 * {@code " => "} and the last {@code '/'}, each directory once, in the order printed; reading the
 * file gives the same list without a child process (see {@link JnaSearchPath}).
 *
 * <p>The layout is glibc's ({@code sysdeps/generic/dl-cache.h}; {@code print_cache} in
 * {@code elf/cache.c} is what {@code ldconfig -p} runs): the new format, alone (glibc 2.32 and
 * later write only it) or after the old libc5 table ("compat", older glibc), with string offsets
 * from the new header, in the host's byte order. Anything else, or anything in the library
 * entries that would have made {@code ldconfig -p} refuse the file or print lines JNA splits
 * differently, gives {@code null}: the caller then leaves JNA to run ldconfig as before, so a file
 * this reader does not understand costs the child process. Not read: the text of the extension
 * sections, which {@code ldconfig -p} prints too (the generator string, glibc-hwcaps names); a
 * hand-made cache whose generator string held {@code " => /dir/x"} would add {@code /dir} to JNA's
 * parse of that output and not to this list. A pure function of the file's bytes.
 */
final class LinkerCache {
    static final String PATH = "/etc/ld.so.cache";

    /** CACHEMAGIC, then the old header: the magic, padding, nlibs (16 bytes); 12-byte entries. */
    private static final String OLD_MAGIC = "ld.so-1.7.0";
    private static final int OLD_HEADER = 16;
    private static final int OLD_ENTRY = 12;
    /** CACHEMAGIC_NEW and CACHE_VERSION; a 48-byte header, 24-byte entries. */
    private static final String NEW_MAGIC = "glibc-ld.so.cache1.1";
    private static final int NEW_HEADER = 48;
    private static final int NEW_ENTRY = 24;
    /** cache_extension_magic ((uint32_t) -358342284); the directory is magic, count, 16-byte sections. */
    private static final int EXTENSION_MAGIC = 0xEAA42174;
    private static final int EXTENSION_HEADER = 8;
    private static final int EXTENSION_SECTION = 16;

    private LinkerCache() {
    }

    /**
     * The directories {@code ldconfig -p} would name for {@code file}, as JNA reads them, or
     * {@code null} when the file is not a cache read here.
     *
     * @param order the host's byte order (the file is written in it)
     */
    static List<String> directories(byte[] file, ByteOrder order) {
        ByteBuffer bytes = ByteBuffer.wrap(file).order(order);
        long size = file.length;
        int base;
        if (startsWith(file, 0, OLD_MAGIC)) {
            // compat: the new table follows the old entries at ALIGN_CACHE (8 bytes on 64-bit
            // hosts; glibc pads the old table to an even count, so 4-byte hosts agree). Without it
            // ldconfig prints the old table, which this reader leaves to ldconfig.
            if (size < OLD_HEADER) {
                return null;
            }
            long oldEntries = unsigned(bytes, 12);
            if ((size - OLD_HEADER) / OLD_ENTRY < oldEntries) {
                return null;
            }
            long offset = (OLD_HEADER + oldEntries * OLD_ENTRY + 7) & ~7L;
            if (size <= offset + NEW_HEADER || !startsWith(file, (int) offset, NEW_MAGIC)) {
                return null;
            }
            base = (int) offset;
        } else if (size >= NEW_HEADER && startsWith(file, 0, NEW_MAGIC)) {
            base = 0;
        } else {
            return null;
        }
        // cache_file_new_matches_endian: ldconfig -p refuses a file marked with the other order
        int flags = file[base + 28] & 0xff;
        int current = order == ByteOrder.LITTLE_ENDIAN ? 2 : 3;
        if (flags != 0 && (flags & 3) != current) {
            return null;
        }
        long entries = unsigned(bytes, base + 20);
        if (base + NEW_HEADER + entries * NEW_ENTRY > size || !extensionsValid(bytes, base, size)) {
            return null;
        }
        Charset charset = Charset.defaultCharset(); // JNA reads ldconfig's output with it
        List<String> directories = new ArrayList<>();
        int previous = -1; // the last entry's path: most entries share their directory with it
        int previousLength = -1;
        for (long i = 0; i < entries; i++) {
            int entry = (int) (base + NEW_HEADER + i * NEW_ENTRY);
            int key = inFile(file, base + unsigned(bytes, entry + 4));
            int value = inFile(file, base + unsigned(bytes, entry + 8));
            if (key < 0 || value < 0 || !plainName(file, key)) {
                return null; // ldconfig would print a line JNA reads otherwise, or read past the file
            }
            int slash = -1;
            for (int at = value;; at++) {
                if (at == file.length || file[at] == '\n' || file[at] == '\r') {
                    return null;
                }
                if (file[at] == 0) {
                    break;
                }
                if (file[at] == '/') {
                    slash = at;
                }
            }
            if (slash < 0) {
                continue; // JNA skips a line whose path has no '/'
            }
            int length = slash - value;
            if (length == previousLength && sameBytes(file, value, previous, length)) {
                continue;
            }
            previous = value;
            previousLength = length;
            String directory = new String(file, value, length, charset);
            if (!directories.contains(directory)) {
                directories.add(directory);
            }
        }
        return directories;
    }

    /**
     * A library's name ends in the file, with no line break (JNA reads lines) and no " => " (it
     * would move where JNA's directory starts).
     */
    private static boolean plainName(byte[] file, int start) {
        for (int at = start;; at++) {
            if (at == file.length) {
                return false;
            }
            byte b = file[at];
            if (b == 0) {
                return true;
            }
            if (b == '\n' || b == '\r' || (b == ' ' && startsWith(file, at, " => "))) {
                return false;
            }
        }
    }

    /** {@code offset} as an index when it is inside the file, else -1. */
    private static int inFile(byte[] file, long offset) {
        return offset < file.length ? (int) offset : -1;
    }

    private static boolean sameBytes(byte[] file, int a, int b, int length) {
        for (int i = 0; i < length; i++) {
            if (file[a + i] != file[b + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * cache_extension_load's checks (offsets from the file's start): ldconfig -p prints nothing
     * when they fail.
     */
    private static boolean extensionsValid(ByteBuffer bytes, int base, long size) {
        long offset = unsigned(bytes, base + 32);
        if (offset == 0) {
            return true;
        }
        if (offset % 4 != 0 || offset + EXTENSION_HEADER > size || bytes.getInt((int) offset) != EXTENSION_MAGIC) {
            return false;
        }
        long count = unsigned(bytes, (int) offset + 4);
        if (offset + EXTENSION_HEADER + count * EXTENSION_SECTION > size) {
            return false;
        }
        for (long i = 0; i < count; i++) {
            int section = (int) (offset + EXTENSION_HEADER + i * EXTENSION_SECTION);
            if (unsigned(bytes, section + 8) + unsigned(bytes, section + 12) > size) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] file, int offset, String ascii) {
        if (offset + ascii.length() > file.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (file[offset + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long unsigned(ByteBuffer bytes, int index) {
        return bytes.getInt(index) & 0xffffffffL;
    }
}
