package dev.kanal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.DemoClassLoader;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar's layout keeps the demo out of production: its classes and settings sit under
 * {@code kanal-demo/}, which the application's class loader cannot load from, and only the demo's
 * loader finds them. Here a folder laid out as the jar's classes stands in for the jar
 * (scripts/production-smoke.sh checks the real one).
 */
class DemoClassesApartTest {

    private static final String DEMO_CLASS = "dev.kanal.demo.OwnSandbox";

    @TempDir
    Path classes;

    @Test
    void productionCannotLoadTheDemoAndTheDemoLoaderCan() throws Exception {
        copyIntoDemoFolder(DEMO_CLASS.replace('.', '/') + ".class");
        copyIntoDemoFolder("application-demo.yaml");

        try (URLClassLoader production = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> production.loadClass(DEMO_CLASS)).isInstanceOf(ClassNotFoundException.class);
            assertThat(production.getResource("application-demo.yaml")).isNull();
            assertThat(production.getResource("kanal-demo/application-demo.yaml")).isNotNull(); // it is there, just not loadable

            DemoClassLoader demo = new DemoClassLoader(production);
            Class<?> loaded = demo.loadClass(DEMO_CLASS);
            assertThat(loaded.getClassLoader()).isSameAs(demo);
            assertThat(loaded.getPackageName()).isEqualTo("dev.kanal.demo");
            Object own = loaded.getConstructor(int.class).newInstance(8081);
            assertThat(loaded.getMethod("refusal", String.class).invoke(own, "http://127.0.0.1:8081/sandbox/backmarket")).isNull();
            assertThat(demo.getResource("application-demo.yaml")).isNotNull();
            assertThatThrownBy(() -> demo.loadClass("dev.kanal.demo.NoSuchClass")).isInstanceOf(ClassNotFoundException.class);
        }
    }

    private void copyIntoDemoFolder(String resource) throws Exception {
        Path target = classes.resolve(DemoClassLoader.PREFIX + resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the test class path").isNotNull();
            Files.copy(in, target);
        }
    }
}
