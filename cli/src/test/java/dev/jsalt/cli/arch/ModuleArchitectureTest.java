package dev.jsalt.cli.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module layering of docs/architecture.md, checked on the class files: common ← minion, common ← master,
 * and only the launcher (cli) and the bench see both daemons. The master daemon must never load minion code: it
 * validates against the declarative catalog in common instead.
 */
class ModuleArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // The master's test fixtures (its test-jar, when Maven resolved the reactor to jars) run real minions.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.jsalt");
    }

    @Test
    void theMasterNeverUsesTheMinionTheCliOrTheBench() {
        noClasses().that().resideInAPackage("dev.jsalt.master..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.jsalt.minion..", "dev.jsalt.cli..", "dev.jsalt.bench..")
                .check(main);
    }

    @Test
    void theMinionNeverUsesTheMasterTheCliOrTheBench() {
        noClasses().that().resideInAPackage("dev.jsalt.minion..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.jsalt.master..", "dev.jsalt.cli..", "dev.jsalt.bench..")
                .check(main);
    }

    @Test
    void commonDependsOnNoRole() {
        noClasses().that().resideInAPackage("dev.jsalt.common..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.jsalt.master..", "dev.jsalt.minion..",
                        "dev.jsalt.cli..", "dev.jsalt.bench..")
                .check(main);
    }

    /**
     * The provider clients (cloud) serve both roles: the minion's dns states call them (docs/architecture.md, "Where
     * dns states run"), the master's cloud steps and routes and the CLI's jsalt cloud provision with them. So they see
     * no role themselves: the provisioner reaches the master through its MasterLink interface.
     */
    @Test
    void theCloudClientsDependOnNoRole() {
        noClasses().that().resideInAPackage("dev.jsalt.cloud..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.jsalt.master..", "dev.jsalt.minion..",
                        "dev.jsalt.cli..", "dev.jsalt.bench..")
                .check(main);
    }

    @Test
    void theCliDoesNotDependOnTheBench() {
        noClasses().that().resideInAPackage("dev.jsalt.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.jsalt.bench..")
                .check(main);
    }

    @Test
    void theCloudClientsUseOnlyCommon() {
        // Provider clients talk to the world outside the fleet; the master is reached through its API (MasterLink).
        noClasses().that().resideInAPackage("dev.jsalt.cloud..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.jsalt.master..", "dev.jsalt.minion..", "dev.jsalt.cli..",
                        "dev.jsalt.bench..")
                .check(main);
    }

    @Test
    void theRolesAreAllOnTheClassPathSoTheRulesAboveSeeThem() {
        // An import that found nothing would make every rule above pass; name one class of each module.
        for (String c : new String[]{"dev.jsalt.common.catalog.Catalog", "dev.jsalt.minion.MinionDaemon",
                "dev.jsalt.master.MasterDaemon", "dev.jsalt.cli.Main", "dev.jsalt.cloud.dns.CloudflareClient",
                "dev.jsalt.cloud.droplets.DigitalOcean"}) {
            main.get(c);
        }
    }
}
