package io.notespipeline.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dependencies point one way (STYLE.md): schemas → producer/streams/consumer/registry → app. */
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
                        "io.notespipeline.embedded..", "io.notespipeline.bench..")
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
    void nobodyReachesIntoAnotherModulesInternals() {
        for (String module : new String[] {"schemas", "embedded", "registry", "producer", "streams", "consumer", "app"}) {
            noClasses().that().resideOutsideOfPackage("io.notespipeline." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("io.notespipeline." + module + ".internal..")
                    .because("internal packages are private to their module").allowEmptyShould(true).check(classes);
        }
    }
}
