package dev.threadline.ingest;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The ingest service's packages depend on each other in one direction only: {@code api} → {@code service} →
 * {@code messaging}/{@code persistence} → {@code command} → {@code config}, never back.
 */
class PackageCyclesTest {

    @Test
    void packagesAreFreeOfCycles() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.threadline.ingest");
        slices().matching("dev.threadline.ingest.(*)..").should().beFreeOfCycles().check(classes);
    }
}
