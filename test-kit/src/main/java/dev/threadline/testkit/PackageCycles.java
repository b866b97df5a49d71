package dev.threadline.testkit;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The rule that a module's packages depend on each other in one direction only, as an ArchUnit check. */
public final class PackageCycles {

    private PackageCycles() {
    }

    /**
     * Fails (with ArchUnit's {@link AssertionError}) if the main classes under {@code rootPackage} have a cycle between
     * its direct sub-packages (each with everything below it); test classes are not looked at.
     */
    public static void assertFreeOfCycles(String rootPackage) {
        check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage), rootPackage);
    }

    /** The rule over {@code classes}: no cycle between the direct sub-packages of {@code rootPackage}. */
    static void check(JavaClasses classes, String rootPackage) {
        slices().matching(rootPackage + ".(*)..").should().beFreeOfCycles().check(classes);
    }
}
