package org.carpd.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The packaged {@code carpd.jar} that the lab tests run as real processes. */
final class CarpdJar {
    private CarpdJar() {
    }

    static Path path() {
        Path jar = Path.of(System.getProperty("carpd.jar", "target/carpd.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: lab tests run after `mvn package`");
        }
        return jar;
    }

    /** {@code java -jar carpd.jar ARGS...}, with the same JVM that runs the tests. */
    static String[] command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the JVM options the packaged launcher gives an installed carpd: the lab tests what ships
        command.addAll(List.of("-Xms8m", "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=48m",
                "-XX:-UsePerfData", "-Xss256k", "-XX:+ExitOnOutOfMemoryError", "-XX:+UnlockDiagnosticVMOptions",
                "-XX:AsyncDeflationInterval=10000", "-XX:GuaranteedSafepointInterval=30000"));
        command.add("-jar");
        command.add(path().toString());
        command.addAll(List.of(args));
        return command.toArray(String[]::new);
    }
}
