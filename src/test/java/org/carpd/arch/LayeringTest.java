package org.carpd.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the functional core functional: proto, core, config and migrate do no I/O and start no threads. */
class LayeringTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.carpd");

    private static final String[] PURE = {"org.carpd.proto..", "org.carpd.core..", "org.carpd.config..",
            "org.carpd.migrate.."};

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
    void coreDoesNotReachOutwards() {
        noClasses().that().resideInAnyPackage("org.carpd.proto..", "org.carpd.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.carpd.cli..", "org.carpd.link..",
                        "org.carpd.engine..", "org.carpd.addr..", "org.carpd.control..", "org.carpd.sys..")
                .check(MAIN);
    }
}
