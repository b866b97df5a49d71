package dev.threadline.thread;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The thread service's packages depend on each other in one direction only (the controllers on the queries and the
 * JSON views, the queries and the projection on the shared persistence parts, never back).
 */
class PackageCyclesTest {

    @Test
    void packagesAreFreeOfCycles() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.threadline.thread");
        slices().matching("dev.threadline.thread.(*)..").should().beFreeOfCycles().check(classes);
    }
}
