package io.leadflow.e2e;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dependency rules of the code base, on the compiled classes of every module: no package
 * depends on itself through others, and modules depend one way only, schemas ← jobs ← cli, schemas
 * ← generator ← cli and schemas ← dashboards ← cli, with runtime on its own; the job never reaches
 * into the launcher, the generator, the dashboards or the local servers.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.leadflow");
    }

    @Test
    void everyModuleIsThere() {
        assertThat(classes.stream().map(c -> c.getPackageName().split("\\.")[2]).distinct())
                .as("the classes of every module were imported")
                .contains("schema", "jobs", "generator", "runtime", "dashboards", "cli");
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.leadflow.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theSchemaDependsOnNoOtherModule() {
        noClasses()
                .that()
                .resideInAPackage("io.leadflow.schema..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.leadflow.jobs..",
                        "io.leadflow.generator..",
                        "io.leadflow.runtime..",
                        "io.leadflow.dashboards..",
                        "io.leadflow.cli..")
                .check(classes);
    }

    @Test
    void theDashboardsReadOnlyThroughTheSchemaModule() {
        noClasses()
                .that()
                .resideInAPackage("io.leadflow.dashboards..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.leadflow.jobs..",
                        "io.leadflow.generator..",
                        "io.leadflow.runtime..",
                        "io.leadflow.cli..")
                .check(classes);
    }

    @Test
    void theJobIsTheJobAndNothingElse() {
        noClasses()
                .that()
                .resideInAPackage("io.leadflow.jobs..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.leadflow.generator..",
                        "io.leadflow.runtime..",
                        "io.leadflow.dashboards..",
                        "io.leadflow.cli..")
                .check(classes);
    }

    @Test
    void theGeneratorNeedsOnlyTheEventContract() {
        noClasses()
                .that()
                .resideInAPackage("io.leadflow.generator..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.leadflow.jobs..",
                        "io.leadflow.runtime..",
                        "io.leadflow.dashboards..",
                        "io.leadflow.cli..")
                .check(classes);
    }

    @Test
    void theLocalServersStandAlone() {
        noClasses()
                .that()
                .resideInAPackage("io.leadflow.runtime..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.leadflow.schema..",
                        "io.leadflow.jobs..",
                        "io.leadflow.generator..",
                        "io.leadflow.dashboards..",
                        "io.leadflow.cli..")
                .check(classes);
    }
}
