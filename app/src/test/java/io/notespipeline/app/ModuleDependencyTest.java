package io.notespipeline.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way (STYLE.md): schemas → producer/streams/consumer/registry → app → bench, and test
 * fixtures (testkit) stay out of main code. Imports the main classes on app's test classpath, i.e. every module
 * but bench; bench's own rules (it may use every module; nothing uses it) are checked in bench's test tree too.
 */
class ModuleDependencyTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.notespipeline");
    }

    @Test
    void schemasDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("io.notespipeline.schemas..")
                .should().dependOnClassesThat().resideInAnyPackage("io.notespipeline.registry..", "io.notespipeline.producer..",
                        "io.notespipeline.streams..", "io.notespipeline.consumer..", "io.notespipeline.app..",
                        "io.notespipeline.embedded..", "io.notespipeline.testkit..", "io.notespipeline.bench..")
                .because("schemas is the contract every module builds on").check(classes);
    }

    @Test
    void middleModulesDoNotKnowEachOtherOrTheApp() {
        String[] middle = {"registry", "producer", "streams", "consumer"};
        for (String module : middle) {
            String[] others = java.util.Arrays.stream(middle).filter(m -> !m.equals(module))
                    .map(m -> "io.notespipeline." + m + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("io.notespipeline." + module + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because(module + " talks to the others only through schemas and topics").allowEmptyShould(true).check(classes);
            noClasses().that().resideInAPackage("io.notespipeline." + module + "..")
                    .should().dependOnClassesThat().resideInAnyPackage("io.notespipeline.app..", "io.notespipeline.bench..")
                    .because("nothing below app knows that app exists").allowEmptyShould(true).check(classes);
        }
    }

    @Test
    void nothingUsesTheBenchmarkHarness() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.notespipeline.bench..")
                .because("bench depends on the product, never the reverse: the harness does not ship in notes.jar")
                .check(classes);
    }

    @Test
    void onlyBenchUsesTheApp() {
        noClasses().that().resideOutsideOfPackages("io.notespipeline.app..", "io.notespipeline.bench..")
                .should().dependOnClassesThat().resideInAPackage("io.notespipeline.app..")
                .because("app wires the modules; nothing below it knows it exists").check(classes);
    }

    @Test
    void noMainClassUsesTestCode() {
        noClasses().that().resideOutsideOfPackage("io.notespipeline.testkit..")
                .should().dependOnClassesThat().resideInAnyPackage("io.notespipeline.testkit..", "org.junit..",
                        "org.testcontainers..")
                .because("test fixtures and their libraries are test scope only; notes.jar ships none of them")
                .check(classes);
    }

    @Test
    void nobodyReachesIntoAnotherModulesInternals() {
        for (String module : new String[] {"schemas", "embedded", "testkit", "registry", "producer", "streams", "consumer",
            "app", "bench"}) {
            noClasses().that().resideOutsideOfPackage("io.notespipeline." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("io.notespipeline." + module + ".internal..")
                    .because("internal packages are private to their module").allowEmptyShould(true).check(classes);
        }
    }
}
