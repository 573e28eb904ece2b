package org.carpd.sys;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps the one home: libc is bound (a JNA {@code Library} interface, {@code Native.load}) and
 * the OS is decided (JNA's {@code Platform}) only in org.carpd.sys. Other packages use
 * {@link LibC}, its job interfaces, {@link Os} and the constants classes.
 */
class BindingsLiveInSysTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.carpd");

    @Test
    void onlySysDeclaresNativeLibraries() {
        noClasses().that().resideOutsideOfPackage("org.carpd.sys..")
                .should().beAssignableTo(Library.class)
                .check(MAIN);
    }

    @Test
    void onlySysLoadsNativeLibraries() {
        noClasses().that().resideOutsideOfPackage("org.carpd.sys..")
                .should().callMethodWhere(DescribedPredicate.describe("Native.load",
                        (JavaMethodCall call) -> call.getTargetOwner().isEquivalentTo(Native.class)
                                && call.getName().equals("load")))
                .check(MAIN);
    }

    @Test
    void onlySysDecidesWhichOs() {
        noClasses().that().resideOutsideOfPackage("org.carpd.sys..")
                .should().dependOnClassesThat().areAssignableTo(Platform.class)
                .check(MAIN);
    }
}
