package org.carpd.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JNA's search path computed without its {@code ldconfig -p} child: the pure part against JNA
 * 5.19's static initialiser (NativeLibrary, read from its bytecode and source), and the whole of
 * it against JNA itself in fresh JVMs on this machine.
 */
class JnaSearchPathTest {
    @Test
    void jnasSixDirectoriesComeFirstAndLdconfigsOthersFollowInTheirOrder() {
        List<String> cached = List.of("/lib/x86_64-linux-gnu", "/usr/local/cuda-13.0/lib", "/usr/lib",
                "/usr/lib/x86_64-linux-gnu/libfakeroot");
        assertThat(JnaSearchPath.candidates("x86-64", true, cached)).containsExactly("/usr/lib/x86_64-linux-gnu",
                "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib", "/usr/local/cuda-13.0/lib",
                "/usr/lib/x86_64-linux-gnu/libfakeroot");
        assertThat(JnaSearchPath.candidates("x86", false, List.of())).containsExactly("/usr/lib/i386-linux-gnu",
                "/lib/i386-linux-gnu", "/usr/lib32", "/lib32", "/usr/lib", "/lib");
    }

    @Test
    void multiarchNamesAreJnasIncludingItsArmName() {
        assertThat(JnaSearchPath.multiarch("x86-64", true)).isEqualTo("x86_64-linux-gnu");
        assertThat(JnaSearchPath.multiarch("x86", false)).isEqualTo("i386-linux-gnu");
        assertThat(JnaSearchPath.multiarch("ppc64le", true)).isEqualTo("powerpc64-linux-gnu");
        assertThat(JnaSearchPath.multiarch("ppc", false)).isEqualTo("powerpc-linux-gnu");
        assertThat(JnaSearchPath.multiarch("aarch64", true)).isEqualTo("arm-linux-gnueabi");
        assertThat(JnaSearchPath.multiarch("armel", false)).isEqualTo("arm-linux-gnueabi");
        assertThat(JnaSearchPath.multiarch("mips64el", true)).isEqualTo("mips64el-linux-gnuabi64");
        assertThat(JnaSearchPath.multiarch("riscv64", true)).isEqualTo("riscv64-linux-gnu");
        assertThat(JnaSearchPath.multiarch("s390x", true)).isEqualTo("s390x-linux-gnu");
    }

    /**
     * The real thing: JNA left to itself (it runs ldconfig) and JNA after {@code install()}, each
     * in a new JVM loading libpcap as carpd does, give the same search path and the same libpcap
     * file, and only the first starts a child process. What this proves is limited to this
     * machine's cache and libraries (Debian 12, libpcap0.8 with no unversioned libpcap.so, so JNA
     * finds it by matching versions in these directories); the formats and layouts of other hosts
     * are covered by {@link LinkerCacheTest}'s images.
     */
    @Test
    void jnaFindsTheSameDirectoriesAndTheSameLibpcapWithoutAChildProcess() throws Exception {
        assumeTrue(Os.current() == Os.LINUX && new File(JnaSearchPath.LDCONFIG).canExecute(), "Linux with ldconfig");
        List<String> alone = probe();
        List<String> installed = probe("install");
        assertThat(alone.get(2)).as("JNA alone runs ldconfig").isEqualTo("process reaper: true");
        assertThat(installed.get(0)).isEqualTo(alone.get(0));
        assertThat(installed.get(0)).contains(File.pathSeparator);
        assertThat(installed.get(1)).isEqualTo(alone.get(1)).contains("libpcap.so");
        assertThat(installed.get(2)).isEqualTo("process reaper: false");
    }

    @Test
    void aCacheLargerThanAnyHostsIsLeftToJnaUnread(@TempDir Path dir) throws Exception {
        Path small = Files.write(dir.resolve("small"), new byte[1000]);
        Path limit = Files.write(dir.resolve("limit"), new byte[JnaSearchPath.MOST_CACHE_BYTES]);
        Path large = Files.write(dir.resolve("large"), new byte[JnaSearchPath.MOST_CACHE_BYTES + 1]);
        assertThat(JnaSearchPath.readCache(small.toFile())).hasSize(1000);
        assertThat(JnaSearchPath.readCache(limit.toFile())).hasSize(JnaSearchPath.MOST_CACHE_BYTES);
        assertThat(JnaSearchPath.readCache(large.toFile())).isNull();
        assertThat(JnaSearchPath.readCache(dir.resolve("missing").toFile())).isNull();
    }

    @Test
    void aPathTheAdminSetIsKept() throws Exception {
        assumeTrue(Os.current() == Os.LINUX, "Linux");
        List<String> set = probe("-Djna.platform.library.path=/usr/lib/x86_64-linux-gnu:/lib", "install");
        assertThat(set.get(0)).isEqualTo("/usr/lib/x86_64-linux-gnu:/lib");
    }

    private static List<String> probe(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + "/bin/java");
        for (String arg : args) {
            if (arg.startsWith("-D")) {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(JnaSearchPathProbe.class.getName());
        for (String arg : args) {
            if (!arg.startsWith("-D")) {
                command.add(arg);
            }
        }
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor()).as(output).isZero();
        return List.of(output.split("\n"));
    }
}
