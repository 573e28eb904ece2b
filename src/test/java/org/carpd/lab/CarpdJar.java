package org.carpd.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The packaged {@code carpd.jar} that the lab tests run as real processes. */
final class CarpdJar {
    /** The launcher line that sets its default JVM options (a shell default: the environment wins). */
    private static final String DEFAULT_OPTIONS = ": \"${CARPD_JAVA_OPTS:=";
    /** The launcher line that holds the option it adds to its defaults where there is glibc. */
    private static final String TRIM_OPTION = "trim=-XX:";
    private static Boolean glibc;

    private CarpdJar() {
    }

    static Path path() {
        Path jar = Path.of(System.getProperty("carpd.jar", "target/carpd.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: lab tests run after `mvn package`");
        }
        return jar;
    }

    /**
     * {@code java OPTIONS --add-exports ... -cp carpd.jar org.carpd.cli.Main ARGS...}, with the
     * same JVM that runs the tests: the options and the form the packaged launcher gives an
     * installed carpd, so that the lab tests what ships.
     */
    static String[] command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launcherOptions(Path.of("packaging", "carpd")));
        command.addAll(launchForm(path()));
        command.addAll(List.of(args));
        return command.toArray(String[]::new);
    }

    /**
     * What the launcher gives java after its options: the export that {@code -jar} would take from
     * the manifest (the control socket reads its clients' credentials through sun.nio.ch), the jar
     * as the class path and carpd's main class (CarpdJarTest holds the launcher to it).
     */
    static List<String> launchForm(Path jar) {
        return List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "-cp", jar.toString(), "org.carpd.cli.Main");
    }

    /**
     * The default JVM options of the launcher script {@code launcher}, read from the script itself
     * so that a change of the launcher's options reaches every lab test (a copy here had to be kept
     * in step by hand).
     */
    static List<String> launcherOptions(Path launcher) {
        List<String> lines;
        try {
            lines = Files.readAllLines(launcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String trim = null;
        for (String line : lines) {
            if (line.trim().startsWith(TRIM_OPTION)) {
                trim = line.trim().substring("trim=".length());
            }
        }
        for (String line : lines) {
            if (line.startsWith(DEFAULT_OPTIONS) && line.endsWith("}\"")) {
                String options = line.substring(DEFAULT_OPTIONS.length(), line.length() - 2);
                List<String> given = new ArrayList<>(Arrays.asList(options.trim().split(" +")));
                // the launcher appends the C heap's trim to its defaults where there is glibc
                if (trim != null && hasGlibc()) {
                    given.add(trim);
                }
                return given;
            }
        }
        throw new IllegalStateException(launcher + " has no line " + DEFAULT_OPTIONS + "...}\"");
    }

    /** The launcher's own test for glibc, asked once. */
    private static boolean hasGlibc() {
        if (glibc == null) {
            glibc = getconfAnswersGlibc();
        }
        return glibc;
    }

    /** {@code getconf GNU_LIBC_VERSION} answers. */
    private static boolean getconfAnswersGlibc() {
        try {
            Process getconf = new ProcessBuilder("getconf", "GNU_LIBC_VERSION")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return getconf.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking getconf for glibc", e);
        }
    }
}
