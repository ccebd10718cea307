package dev.kanal;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package rules of docs/architecture.md ("Packages and the connector SPI", decision 0029),
 * checked on the product's classes (src/main; the demo and tests are not imported).
 */
@AnalyzeClasses(packages = "dev.kanal", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

    /** The packages of Kanal's flows and model: they use channels only through the SPI in {@code dev.kanal.connector}. */
    private static final String[] FEATURES = {"dev.kanal.catalog..", "dev.kanal.changes..", "dev.kanal.client", "dev.kanal.client.routes",
            "dev.kanal.fulfilment..", "dev.kanal.inventory..", "dev.kanal.invoices..", "dev.kanal.orders..", "dev.kanal.ops..",
            "dev.kanal.pricing..", "dev.kanal.returns..", "dev.kanal.stock..", "dev.kanal.offers.."};

    /** What a connector package may use besides itself and the SPI: client files and plumbing, nothing of a flow. */
    private static final String[] CONNECTOR_MAY_USE = {"dev.kanal.connector", "dev.kanal.client.config..", "dev.kanal.support..",
            "dev.kanal.messaging..", "dev.kanal.webhooks.."};

    /** The ERP source's connector: no SPI of its own yet, so the flows that read and write the ERP use it directly (decision 0029). */
    private static final String SOURCE_CONNECTOR = "dev.kanal.connector.subiekt..";

    /** Every package is its own slice, so a cycle between two sub-packages counts too (connector and connector.x). */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.kanal.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule connectorsUseOnlyTheSpiAndPlumbing = classes().that().resideInAPackage("dev.kanal.connector.*..")
            .should().onlyDependOnClassesThat(resideOutsideOfPackage("dev.kanal..")
                    .or(resideInAnyPackage(CONNECTOR_MAY_USE))
                    .or(resideInAPackage("dev.kanal.connector.*..")))
            .because("a connector is one package plus route templates: adding one touches no feature package");

    @ArchTest
    static final ArchRule connectorsDoNotKnowEachOther = slices().matching("dev.kanal.connector.(*)..").should().notDependOnEachOther()
            .because("each channel's connector stands alone; what they share is in dev.kanal.connector");

    @ArchTest
    static final ArchRule theSpiKnowsNoConnector = noClasses().that().resideInAPackage("dev.kanal.connector")
            .should().dependOnClassesThat().resideInAPackage("dev.kanal.connector.*..")
            .orShould().dependOnClassesThat().resideInAnyPackage(FEATURES);

    @ArchTest
    static final ArchRule featuresReachChannelsOnlyThroughTheSpi = noClasses().that().resideInAnyPackage(FEATURES)
            .should().dependOnClassesThat(resideInAPackage("dev.kanal.connector.*..").and(not(resideInAPackage(SOURCE_CONNECTOR))))
            .because("flows find a channel's connector among the ChannelConnector beans, so a new channel needs no change to them");

    @ArchTest
    static final ArchRule productNeverReachesTheDemo = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("dev.kanal.sandbox..", "dev.kanal.demo..")
            .because("the demo is asked for, production is the default (decision 0014)");
}
