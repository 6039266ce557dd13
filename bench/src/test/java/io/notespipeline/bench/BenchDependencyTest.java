package io.notespipeline.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bench sits on top (app's ModuleDependencyTest holds the rules of the other modules): it may use every
 * module's public API, nothing uses it, and its jar ships no test code. Imports every main class on
 * bench's test classpath, i.e. every module's.
 */
class BenchDependencyTest {

    private static JavaClasses imported;

    @BeforeAll
    static void importClasses() {
        imported = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.notespipeline");
    }

    @Test
    void importsBenchAndTheProduct() {
        // the rules below hold vacuously if the import misses either side
        assertThat(imported.contain(BenchRunner.class)).isTrue();
        assertThat(imported.contain("io.notespipeline.app.Notes")).isTrue();
    }

    @Test
    void nothingOutsideBenchUsesIt() {
        noClasses().that().resideOutsideOfPackage("io.notespipeline.bench..")
                .should().dependOnClassesThat().resideInAPackage("io.notespipeline.bench..")
                .because("bench depends on the product, never the reverse").check(imported);
    }

    @Test
    void benchUsesNoTestCode() {
        noClasses().that().resideInAPackage("io.notespipeline.bench..")
                .should().dependOnClassesThat().resideInAnyPackage("io.notespipeline.testkit..", "org.junit..",
                        "org.testcontainers..")
                .because("notes-bench.jar ships no test fixtures").check(imported);
    }
}
