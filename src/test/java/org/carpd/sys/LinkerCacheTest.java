package org.carpd.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The directories of ld.so.cache as JNA reads them from {@code ldconfig -p}: from images laid
 * out as glibc writes them ({@link LinkerCacheImage}), and from this machine's own cache against
 * the real command's output.
 */
class LinkerCacheTest {
    private static final ByteOrder LITTLE = ByteOrder.LITTLE_ENDIAN;

    @Test
    void eachDirectoryOnceInTheOrderLdconfigPrintsThem() {
        byte[] cache = new LinkerCacheImage(LITTLE)
                .entry("libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1")
                .entry("libxyz.so.2", "/usr/local/cuda-13.0/lib/libxyz.so.2")
                .entry("libfoo.so.1", "/usr/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libfoo.so.1")
                .entry("libfakeroot-0.so", "/usr/lib/x86_64-linux-gnu/libfakeroot/libfakeroot-0.so")
                .entry("libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6")
                .withExtension().bytes();
        assertThat(LinkerCache.directories(cache, LITTLE)).containsExactly("/lib/x86_64-linux-gnu",
                "/usr/local/cuda-13.0/lib", "/usr/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3",
                "/usr/lib/x86_64-linux-gnu/libfakeroot");
    }

    @Test
    void theNewTableAfterTheOldOneIsRead() {
        for (int count = 1; count <= 4; count++) {
            LinkerCacheImage image = new LinkerCacheImage(LITTLE).compat();
            for (int i = 0; i < count; i++) {
                image.entry("libn" + i + ".so.1", "/opt/n" + i + "/libn" + i + ".so.1");
            }
            assertThat(image.newHeaderOffset() % 8).isZero();
            assertThat(LinkerCache.directories(image.bytes(), LITTLE)).as("%d entries", count).hasSize(count)
                    .startsWith("/opt/n0");
        }
    }

    @Test
    void aBigEndianHostReadsItsOwnCache() {
        byte[] cache = new LinkerCacheImage(ByteOrder.BIG_ENDIAN).entry("libpcap.so.0.8", "/usr/lib/s390x-linux-gnu/libpcap.so.0.8")
                .withExtension().bytes();
        assertThat(LinkerCache.directories(cache, ByteOrder.BIG_ENDIAN)).containsExactly("/usr/lib/s390x-linux-gnu");
    }

    @Test
    void aCacheMarkedWithTheOtherByteOrderIsLeftToLdconfigWhichRefusesIt() {
        byte[] big = new LinkerCacheImage(ByteOrder.BIG_ENDIAN).entry("libz.so.1", "/lib/libz.so.1").bytes();
        assertThat(LinkerCache.directories(big, LITTLE)).isNull();
        byte[] unmarked = new LinkerCacheImage(LITTLE).entry("libz.so.1", "/lib/libz.so.1").endianFlags(0).bytes();
        assertThat(LinkerCache.directories(unmarked, LITTLE)).as("glibc before 2.33 wrote no mark").containsExactly("/lib");
    }

    @Test
    void aPathWithoutSlashIsSkippedAsJnaSkipsItsLine() {
        byte[] cache = new LinkerCacheImage(LITTLE).entry("libodd.so.1", "libodd.so.1")
                .entry("libroot.so.1", "/libroot.so.1").entry("libz.so.1", "/usr/lib/libz.so.1").bytes();
        // "/libroot.so.1": JNA takes the empty text before the slash, a directory that never exists
        assertThat(LinkerCache.directories(cache, LITTLE)).containsExactly("", "/usr/lib");
    }

    @Test
    void namesThatWouldBreakLdconfigsLinesAreLeftToLdconfig() {
        assertThat(LinkerCache.directories(new LinkerCacheImage(LITTLE).entry("liba => b.so.1", "/lib/liba.so.1").bytes(),
                LITTLE)).isNull();
        assertThat(LinkerCache.directories(new LinkerCacheImage(LITTLE).entry("liba.so.1", "/lib/x\n/liba.so.1").bytes(),
                LITTLE)).isNull();
        assertThat(LinkerCache.directories(new LinkerCacheImage(LITTLE).entry("liba\r.so.1", "/lib/liba.so.1").bytes(),
                LITTLE)).isNull();
    }

    @Test
    void anythingNotAWellFormedCacheIsLeftToLdconfig() {
        assertThat(LinkerCache.directories(new byte[0], LITTLE)).isNull();
        assertThat(LinkerCache.directories("not a cache at all, just some text here".getBytes(), LITTLE)).isNull();
        byte[] good = new LinkerCacheImage(LITTLE).entry("libz.so.1", "/lib/libz.so.1").withExtension().bytes();
        for (int length = 0; length < good.length; length++) {
            assertThat(LinkerCache.directories(Arrays.copyOf(good, length), LITTLE)).as("cut at %d", length).isNull();
        }
        // the old table alone (ldconfig prints it; this reader does not)
        ByteBuffer old = ByteBuffer.allocate(64).order(LITTLE);
        old.put("ld.so-1.7.0".getBytes());
        old.putInt(12, 1);
        assertThat(LinkerCache.directories(old.array(), LITTLE)).isNull();
        // an old table claiming more entries than the file holds
        old.putInt(12, 1_000_000);
        assertThat(LinkerCache.directories(old.array(), LITTLE)).isNull();
    }

    @Test
    void offsetsOutsideTheFileAreLeftToLdconfig() {
        byte[] cache = new LinkerCacheImage(LITTLE).entry("libz.so.1", "/lib/libz.so.1").bytes();
        ByteBuffer.wrap(cache).order(LITTLE).putInt(48 + 8, cache.length);
        assertThat(LinkerCache.directories(cache, LITTLE)).isNull();
        ByteBuffer.wrap(cache).order(LITTLE).putInt(48 + 8, -1);
        assertThat(LinkerCache.directories(cache, LITTLE)).isNull();
        byte[] counted = new LinkerCacheImage(LITTLE).entry("libz.so.1", "/lib/libz.so.1").bytes();
        ByteBuffer.wrap(counted).order(LITTLE).putInt(20, 2);
        assertThat(LinkerCache.directories(counted, LITTLE)).isNull();
    }

    @Test
    void aMalformedExtensionMakesLdconfigPrintNothingAndIsLeftToIt() {
        byte[] good = new LinkerCacheImage(LITTLE).entry("libz.so.1", "/lib/libz.so.1").withExtension().bytes();
        int extension = ByteBuffer.wrap(good).order(LITTLE).getInt(32);
        assertThat(LinkerCache.directories(good, LITTLE)).containsExactly("/lib");

        byte[] misaligned = good.clone();
        ByteBuffer.wrap(misaligned).order(LITTLE).putInt(32, extension + 2);
        assertThat(LinkerCache.directories(misaligned, LITTLE)).isNull();
        byte[] magic = good.clone();
        ByteBuffer.wrap(magic).order(LITTLE).putInt(extension, 0x12345678);
        assertThat(LinkerCache.directories(magic, LITTLE)).isNull();
        byte[] sections = good.clone();
        ByteBuffer.wrap(sections).order(LITTLE).putInt(extension + 4, 100);
        assertThat(LinkerCache.directories(sections, LITTLE)).isNull();
        byte[] data = good.clone();
        ByteBuffer.wrap(data).order(LITTLE).putInt(extension + 20, 1000);
        assertThat(LinkerCache.directories(data, LITTLE)).isNull();
    }

    /**
     * This machine's cache against the command JNA runs, read as JNA reads it (NativeLibrary's
     * getLinuxLdPaths: the text between " => " and the last '/' of each line, first occurrence
     * kept). Proves the reader and ldconfig agree on a real glibc cache (here Debian 12's, glibc
     * 2.36, new format with its extension directory); other formats are covered by the images above.
     */
    @Test
    void thisMachinesCacheGivesWhatLdconfigPrints() throws IOException, InterruptedException {
        assumeTrue(Os.current() == Os.LINUX && new File(JnaSearchPath.LDCONFIG).canExecute()
                && new File(LinkerCache.PATH).canRead(), "glibc's ldconfig and cache");
        List<String> fromLdconfig = new ArrayList<>();
        Process ldconfig = new ProcessBuilder(JnaSearchPath.LDCONFIG, "-p").redirectErrorStream(false).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(ldconfig.getInputStream()))) {
            String line;
            while ((line = lines.readLine()) != null) {
                int arrow = line.indexOf(" => ");
                int slash = line.lastIndexOf('/');
                if (arrow != -1 && slash != -1 && arrow < slash) {
                    String directory = line.substring(arrow + 4, slash);
                    if (!fromLdconfig.contains(directory)) {
                        fromLdconfig.add(directory);
                    }
                }
            }
        }
        assertThat(ldconfig.waitFor()).isZero();
        assertThat(fromLdconfig).isNotEmpty();
        byte[] cache = Files.readAllBytes(Path.of(LinkerCache.PATH));
        assertThat(LinkerCache.directories(cache, ByteOrder.nativeOrder())).containsExactlyElementsOf(fromLdconfig);
    }
}
