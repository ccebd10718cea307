package dev.kanal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.boot.test.mock.mockito.MockBean;
import org.springframework.boot.test.mock.mockito.SpyBean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The integration tests share one application context ({@link KanalIntegrationTest}). A subclass
 * that changed its configuration would start a second context while the first still holds the
 * broker's journal lock and the HTTP port, and wait for the lock for ever (one such test once
 * kept the CI run going until its time limit). Configuration belongs in KanalIntegrationTest.
 */
@AnalyzeClasses(packages = "dev.kanal", importOptions = ImportOption.OnlyIncludeTests.class)
class SharedTestContextTest {

    @ArchTest
    static final ArchRule subclassesKeepTheSharedConfiguration = noClasses().that().areAssignableTo(KanalIntegrationTest.class)
            .and().doNotHaveFullyQualifiedName(KanalIntegrationTest.class.getName())
            .should().beAnnotatedWith(TestPropertySource.class)
            .orShould().beAnnotatedWith(ActiveProfiles.class)
            .orShould().beAnnotatedWith(Import.class)
            .orShould().beAnnotatedWith(ContextConfiguration.class)
            .because("a second context waits for ever for the first one's broker journal");

    @ArchTest
    static final ArchRule subclassesAddNoProperties = noMethods().that().areDeclaredInClassesThat().areAssignableTo(KanalIntegrationTest.class)
            .and().areDeclaredInClassesThat().doNotHaveFullyQualifiedName(KanalIntegrationTest.class.getName())
            .should().beAnnotatedWith(DynamicPropertySource.class)
            .because("a second context waits for ever for the first one's broker journal");

    @ArchTest
    static final ArchRule subclassesReplaceNoBeans = noFields().that()
            .areDeclaredInClassesThat().areAssignableTo(KanalIntegrationTest.class)
            .should().beAnnotatedWith(MockBean.class).orShould().beAnnotatedWith(SpyBean.class)
            .because("a second context waits for ever for the first one's broker journal");
}
