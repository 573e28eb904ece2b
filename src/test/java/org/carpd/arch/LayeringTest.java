package org.carpd.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of the house, as rules on the compiled classes. Inside: proto (codecs) and core (state
 * machines) are pure and may use only what an allow-list names, and no clock, thread, process or
 * environment; config and migrate do no I/O. Around them: packages form no cycle, control relays
 * and never reaches the daemon, the CLI talks to a running daemon only through the control
 * protocol, and only the daemon package wires the rest together.
 */
class LayeringTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.carpd");

    private static final String[] PURE = {"org.carpd.proto..", "org.carpd.core..", "org.carpd.config..",
            "org.carpd.migrate.."};

    /**
     * What any pure class may use from the JDK: the language (records, lambdas and string
     * concatenation compile to java.lang.invoke and java.lang.runtime), collections, functional
     * interfaces and streams, and byte buffers. No java.io, java.net, java.nio.file or channels,
     * java.time, java.util.concurrent.
     */
    private static final String[] JDK_BASICS = {"java.lang", "java.lang.invoke", "java.lang.runtime", "java.util",
            "java.util.function", "java.util.stream", "java.nio"};

    @Test
    void protoUsesOnlyItselfAndTheJdkBasics() {
        classes().that().resideInAPackage("org.carpd.proto..")
                .should().onlyDependOnClassesThat(resideInAPackage("org.carpd.proto..")
                        .or(resideInAnyPackage(JDK_BASICS))
                        // the HMAC key assembled in memory
                        .or(type(ByteArrayOutputStream.class)))
                .check(MAIN);
    }

    @Test
    void coreUsesOnlyItselfProtoAndTheJdkBasics() {
        classes().that().resideInAPackage("org.carpd.core..")
                .should().onlyDependOnClassesThat(resideInAnyPackage("org.carpd.core..", "org.carpd.proto..")
                        .or(resideInAnyPackage(JDK_BASICS))
                        // randomness is injected: the skew of a first advert, the CARP counter's start
                        .or(resideInAPackage("java.util.random")))
                .check(MAIN);
    }

    /** Time comes in as nowNs, randomness through an injected generator; nothing waits or forks. */
    @Test
    void coreAndProtoReadNoClockAndStartNoThreadOrProcess() {
        noClasses().that().resideInAnyPackage("org.carpd.core..", "org.carpd.proto..")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getProperty", String.class)
                .orShould().callMethod(System.class, "getProperty", String.class, String.class)
                .orShould().callMethod(System.class, "exit", int.class)
                .orShould().callMethod(Math.class, "random")
                .orShould().dependOnClassesThat().belongToAnyOf(Thread.class, ThreadLocal.class, Runtime.class,
                        ProcessBuilder.class, Process.class, ProcessHandle.class, java.util.Random.class)
                .orShould().dependOnClassesThat().resideInAnyPackage("java.time..", "java.util.concurrent..")
                .check(MAIN);
    }

    @Test
    void pureLayersUseNoNativeOrCaptureLibraries() {
        noClasses().that().resideInAnyPackage(PURE)
                .should().dependOnClassesThat().resideInAnyPackage("org.pcap4j..", "com.sun.jna..", "picocli..",
                        "org.slf4j..", "ch.qos.logback..")
                .check(MAIN);
    }

    @Test
    void pureLayersDoNoIoAndStartNoThreads() {
        noClasses().that().resideInAnyPackage(PURE)
                .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.channels..",
                        "java.util.concurrent..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(Thread.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(java.io.File.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .check(MAIN);
    }

    @Test
    void importersOnlyReadTheConfigurationLayer() {
        noClasses().that().resideInAPackage("org.carpd.migrate..")
                .should().dependOnClassesThat().resideInAnyPackage("org.carpd.cli..", "org.carpd.link..",
                        "org.carpd.engine..", "org.carpd.addr..", "org.carpd.control..", "org.carpd.daemon..",
                        "org.carpd.hooks..", "org.carpd.health..", "org.carpd.sys..")
                .check(MAIN);
    }

    @Test
    void configKnowsOnlyTheCoreAndTheCodecs() {
        classes().that().resideInAPackage("org.carpd.config..")
                .should().onlyDependOnClassesThat(resideInAnyPackage("org.carpd.config..", "org.carpd.core..",
                        "org.carpd.proto..").or(DescribedPredicate.not(resideInAPackage("org.carpd.."))))
                .check(MAIN);
    }

    /** A package that needs one in a cycle cannot be understood, tested or replaced on its own. */
    @Test
    void packagesFormNoCycle() {
        slices().matching("org.carpd.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    /** control relays requests and answers from snapshots: it owns no state and wires nothing. */
    @Test
    void controlDoesNotReachTheDaemonOrTheMachines() {
        noClasses().that().resideInAPackage("org.carpd.control..")
                .should().dependOnClassesThat().resideInAnyPackage("org.carpd.daemon..", "org.carpd.cli..",
                        "org.carpd.core..", "org.carpd.link..", "org.carpd.addr..", "org.carpd.hooks..",
                        "org.carpd.health..")
                .check(MAIN);
    }

    /**
     * The commands that talk to a running carpd (status, reload, demote, maintenance, events) do
     * it through the control protocol: the client and the request type, never the server side,
     * the engine or the machines. Only {@code run} starts a daemon in this process.
     */
    @Test
    void theCliTalksToTheDaemonOnlyThroughTheControlProtocol() {
        DescribedPredicate<JavaClass> serverSide = resideInAPackage("org.carpd.control..")
                .and(DescribedPredicate.not(nameMatching("org\\.carpd\\.control\\.(ControlClient|Request)(\\$.*)?")))
                .as("are the control protocol's server side (anything but ControlClient and Request)");
        noClasses().that().resideInAPackage("org.carpd.cli..")
                .should().dependOnClassesThat(serverSide)
                .orShould().dependOnClassesThat().resideInAnyPackage("org.carpd.engine..", "org.carpd.core..",
                        "org.carpd.hooks..", "org.carpd.health..")
                .check(MAIN);
        noClasses().that().resideInAPackage("org.carpd.cli..").and(notRunCommand())
                .should().dependOnClassesThat().haveNameMatching("org\\.carpd\\.daemon\\.Daemon(\\$.*)?")
                .orShould().dependOnClassesThat().resideInAnyPackage("org.carpd.addr..")
                .check(MAIN);
    }

    /** The daemon package is where everything is wired together: only the CLI's run command uses it. */
    @Test
    void onlyTheCliReachesTheDaemonPackage() {
        noClasses().that().resideOutsideOfPackages("org.carpd.daemon..", "org.carpd.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.carpd.daemon..")
                .check(MAIN);
    }

    /** The engine runs the machines; who starts it, and how requests reach it, is not its business. */
    @Test
    void theEngineDoesNotReachItsCallers() {
        noClasses().that().resideInAPackage("org.carpd.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.carpd.daemon..", "org.carpd.cli..",
                        "org.carpd.control..")
                .check(MAIN);
    }

    /** The I/O adapters (link, addr, hooks, health) are driven by the engine and never call back into it. */
    @Test
    void adaptersDoNotReachTheEngineOrItsCallers() {
        noClasses().that().resideInAnyPackage("org.carpd.link..", "org.carpd.addr..", "org.carpd.hooks..",
                        "org.carpd.health..")
                .should().dependOnClassesThat().resideInAnyPackage("org.carpd.engine..", "org.carpd.daemon..",
                        "org.carpd.control..", "org.carpd.cli..")
                .check(MAIN);
    }

    /** sys is the floor: libc bindings, socket constants and the OS decision, for every adapter to use. */
    @Test
    void sysDependsOnNoOtherPackageOfCarpd() {
        classes().that().resideInAPackage("org.carpd.sys..")
                .should().onlyDependOnClassesThat(resideInAPackage("org.carpd.sys..")
                        .or(DescribedPredicate.not(resideInAPackage("org.carpd.."))))
                .check(MAIN);
    }

    /**
     * Which OS carpd runs on is decided once, in sys.Os: no other source file reads os.name (a
     * check of the sources, since the compiled classes do not show a call's argument). That libc
     * is bound and JNA's Platform asked only in sys is sys's own BindingsLiveInSysTest.
     */
    @Test
    void theOsIsDecidedOnlyInSys() throws IOException {
        Path main = Path.of("src/main/java");
        Path sys = main.resolve("org/carpd/sys");
        try (Stream<Path> files = Files.walk(main)) {
            List<Path> readers = files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(sys))
                    .filter(f -> read(f).contains("\"os.name\"")).toList();
            assertThat(readers).as("source files outside sys that read os.name").isEmpty();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DescribedPredicate<JavaClass> notRunCommand() {
        return DescribedPredicate.describe("are not the run command",
                c -> !c.getName().equals("org.carpd.cli.RunCommand") && !c.getName().startsWith("org.carpd.cli.RunCommand$"));
    }
}
