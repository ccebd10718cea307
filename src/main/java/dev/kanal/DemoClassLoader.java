package dev.kanal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;

/**
 * Loads the demo (sandboxes, seeding, demo settings) from the folder {@value #PREFIX} inside the
 * jar. That folder is not a package path, so the application's own class loader never finds a
 * demo class or {@code application-demo.yaml}: only a start that asks for the demo builds this
 * loader over it (docs/decisions/0014-demo-apart-from-the-product.md).
 *
 * <p>Parent first: product and library classes always come from the parent, so there is one copy
 * of each. The demo's packages ({@code dev.kanal.sandbox}, {@code dev.kanal.demo}) exist only
 * here, so no package is split between the two loaders.
 */
public final class DemoClassLoader extends ClassLoader {

    /** Where the build puts the compiled demo inside the jar (pom.xml, prepare-package). */
    public static final String PREFIX = "kanal-demo/";

    static {
        registerAsParallelCapable();
    }

    public DemoClassLoader(ClassLoader parent) {
        super("kanal-demo", parent);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String path = PREFIX + name.replace('.', '/') + ".class";
        try (InputStream in = getParent().getResourceAsStream(path)) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            int dot = name.lastIndexOf('.');
            if (dot > 0 && getDefinedPackage(name.substring(0, dot)) == null) {
                try {
                    definePackage(name.substring(0, dot), null, null, null, null, null, null, null);
                } catch (IllegalArgumentException alreadyDefinedByAnotherThread) {
                    // parallel loading of two classes of one package: either definition will do
                }
            }
            return defineClass(name, bytes, 0, bytes.length, DemoClassLoader.class.getProtectionDomain());
        } catch (IOException e) {
            throw new ClassNotFoundException(name, new UncheckedIOException(e));
        }
    }

    @Override
    protected URL findResource(String name) {
        return getParent().getResource(PREFIX + name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return getParent().getResources(PREFIX + name);
    }
}
