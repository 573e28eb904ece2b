package org.carpd.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab runs carpd with the JVM options an installed carpd gets (no namespaces: a unit test). */
class CarpdJarTest {
    @Test
    void theLabsJvmOptionsAreTheOnesTheLauncherGivesJava(@TempDir Path dir) throws Exception {
        // a stand-in java that writes down its arguments, found by the launcher through JAVA_HOME
        Path bin = Files.createDirectories(dir.resolve("jdk/bin"));
        Path args = dir.resolve("args");
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + args + "'\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Path jar = Files.writeString(dir.resolve("carpd.jar"), "no archive beside it: no archive options");

        ProcessBuilder launcher = new ProcessBuilder("sh", "packaging/carpd", "version").inheritIO();
        launcher.environment().remove("CARPD_JAVA_OPTS");
        launcher.environment().remove("JDK_JAVA_OPTIONS");
        launcher.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        launcher.environment().put("CARPD_JAR", jar.toString());
        Process process = launcher.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();

        List<String> given = Files.readAllLines(args);
        // the launcher runs carpd from the class path, giving the export that -jar took from the manifest
        int export = given.indexOf("--add-exports");
        List<String> form = new ArrayList<>(CarpdJar.launchForm(jar));
        form.add("version");
        assertThat(given.subList(export, given.size())).isEqualTo(form);
        assertThat(CarpdJar.launcherOptions(Path.of("packaging", "carpd"))).isEqualTo(given.subList(0, export))
                .contains("-Xmx32m");
    }

    @Test
    void everyDefaultOptionIsOneThisJdkKnows() throws Exception {
        // the defaults start with -XX:+IgnoreUnrecognizedVMOptions so that an older or newer JDK
        // runs carpd without an option it lacks; a misspelt default would then be dropped in
        // silence: this JDK (the build's) must know every one of them
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(CarpdJar.launcherOptions(Path.of("packaging", "carpd")));
        command.add("-XX:-IgnoreUnrecognizedVMOptions");
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());
        assertThat(java.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(output).isZero();
    }
}
