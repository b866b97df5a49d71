package dev.threadline.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The services' package-cycle rule fails on a cycle between two sub-packages and passes packages used one way. */
class PackageCyclesTest {

    private static final String FIXTURES = "dev.threadline.testkit.cycles.";

    @Test
    void aCycleBetweenTwoSubPackagesFails() {
        String root = FIXTURES + "cyclic";
        assertThatThrownBy(() -> PackageCycles.check(new ClassFileImporter().importPackages(root), root))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Cycle detected");
    }

    @Test
    void subPackagesUsedInOneDirectionPass() {
        String root = FIXTURES + "acyclic";
        assertThatCode(() -> PackageCycles.check(new ClassFileImporter().importPackages(root), root)).doesNotThrowAnyException();
    }
}
