package org.carpd.sys;

import com.sun.jna.Platform;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * JNA's library search path on Linux, computed as JNA computes it but without its child process.
 *
 * <p>At its first use JNA's {@code NativeLibrary} builds, unless the system property
 * {@code jna.platform.library.path} is already set, the directories where it looks for a library
 * that {@code dlopen} did not find by name (libpcap's packages ship only {@code libpcap.so.0.8}
 * and {@code libpcap.so.1.x}, no {@code libpcap.so}: JNA then picks the highest version it finds
 * in these directories). On Linux it starts with six fixed directories (the multiarch ones,
 * {@code /usr/lib64}, {@code /lib64}, {@code /usr/lib}, {@code /lib}) and appends the
 * directories of every library {@code /sbin/ldconfig -p} lists, which it runs through
 * {@code Runtime.exec} at every start: a fork and exec, the JDK's process classes in carpd's
 * class-data archive, and a "process reaper" thread that lives 60 s (docs/benchmarks.md,
 * "Memory", seventh session). {@link #install()} sets the property first, to the value JNA would
 * have set, with ldconfig's part read from the cache file it prints ({@link LinkerCache}).
 *
 * <p>When anything is not as expected (ldconfig missing, the cache unreadable or in a format
 * {@link LinkerCache} does not read) the property is left unset and JNA does what it always did:
 * the same directories either way, for every cache glibc's ldconfig writes (the text of the
 * cache's extension sections, its generator and glibc-hwcaps names, which ldconfig also prints and
 * a crafted cache could make look like a path to JNA's parse, is not read). On other systems JNA
 * runs no ldconfig and nothing is set. The computation is JNA 5.19's, written again here;
 * {@code JnaSearchPathTest} compares it with JNA's own in a fresh JVM, so an upgrade of JNA that
 * computes otherwise on a host like the build's (x86-64, glibc) fails the build.
 */
public final class JnaSearchPath {
    static final String PROPERTY = "jna.platform.library.path";
    /** The command JNA runs: only when it is there would JNA have read the cache through it. */
    static final String LDCONFIG = "/sbin/ldconfig";
    /**
     * The largest cache read: a host's is 30-300 kB (one entry of a few dozen bytes per library);
     * a larger one is left to JNA and its ldconfig.
     */
    static final int MOST_CACHE_BYTES = 4 << 20;

    private JnaSearchPath() {
    }

    /**
     * Sets {@code jna.platform.library.path} on Linux unless it is set; call before any JNA
     * library is loaded (it is read once, when {@code NativeLibrary} is initialised).
     */
    public static void install() {
        if (System.getProperty(PROPERTY) != null || !Platform.isLinux() || !new File(LDCONFIG).canExecute()) {
            return;
        }
        byte[] cache = readCache(new File(LinkerCache.PATH));
        if (cache == null) {
            return; // left to JNA: its ldconfig reads the same file
        }
        List<String> cached;
        try {
            cached = LinkerCache.directories(cache, ByteOrder.nativeOrder());
        } catch (RuntimeException e) {
            // every offset is checked, so this is a reader's bug: it must not stop carpd from
            // starting, and with the property unset JNA finds the libraries as it always did
            return;
        }
        if (cached == null) {
            return;
        }
        // JNA keeps the directories that exist, joined with the path separator (its own
        // Native.POINTER_SIZE is 8 exactly when Platform.is64Bit, from the JVM's data model)
        List<String> candidates = candidates(Platform.ARCH, Platform.is64Bit(), cached);
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < candidates.size(); i++) {
            File directory = new File(candidates.get(i));
            if (directory.exists() && directory.isDirectory()) {
                if (value.length() > 0) {
                    value.append(File.pathSeparator);
                }
                value.append(candidates.get(i));
            }
        }
        System.setProperty(PROPERTY, value.toString());
    }

    /**
     * The cache file's bytes, or null when it cannot be read or is larger than {@link
     * #MOST_CACHE_BYTES}: it is read onto a heap of a few megabytes at every start, and a daemon
     * run with -XX:+ExitOnOutOfMemoryError must never die of a corrupt file it can leave to JNA.
     */
    static byte[] readCache(File file) {
        try (FileInputStream in = new FileInputStream(file)) {
            byte[] cache = in.readNBytes(MOST_CACHE_BYTES + 1);
            return cache.length > MOST_CACHE_BYTES ? null : cache;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The directories JNA 5.19's {@code NativeLibrary} static initialiser lists on Linux, before
     * it drops those that do not exist: its fixed ones, then {@code ldconfig}'s ({@code cached})
     * that are not among them, in their order.
     *
     * @param arch JNA's {@code Platform.ARCH} (its canonical name: "x86-64", "aarch64", "ppc64le"...)
     */
    static List<String> candidates(String arch, boolean is64Bit, List<String> cached) {
        String multiarch = multiarch(arch, is64Bit);
        String bits = is64Bit ? "64" : "32";
        String[] fixed = {"/usr/lib/" + multiarch, "/lib/" + multiarch, "/usr/lib" + bits, "/lib" + bits,
            "/usr/lib", "/lib"};
        List<String> paths = new ArrayList<>(cached);
        for (int i = fixed.length - 1; i >= 0; i--) {
            int at = paths.indexOf(fixed[i]);
            if (at != -1) {
                paths.remove(at);
            }
            paths.add(0, fixed[i]);
        }
        return paths;
    }

    /**
     * JNA's {@code getMultiArchPath} on Linux, as it is (aarch64 gives "arm-linux-gnueabi", a
     * directory no Debian has: JNA's, kept so that the list is the same).
     */
    static String multiarch(String arch, boolean is64Bit) {
        String cpu = arch;
        String abi = "-gnu";
        if (arch.startsWith("x86")) {
            cpu = is64Bit ? "x86_64" : "i386";
        } else if (arch.startsWith("ppc")) {
            cpu = is64Bit ? "powerpc64" : "powerpc";
        } else if (arch.startsWith("arm") || arch.startsWith("aarch")) {
            cpu = "arm";
            abi = "-gnueabi";
        } else if (arch.equals("mips64el")) {
            abi = "-gnuabi64";
        }
        return cpu + "-linux" + abi;
    }
}
