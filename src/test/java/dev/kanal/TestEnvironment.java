package dev.kanal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the integration tests and the benchmarks take from their surroundings: variables, a port, a directory, the database. */
public final class TestEnvironment {

    private TestEnvironment() {
    }

    /** An environment variable, or {@code fallback} when it is unset or blank. */
    public static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * The test database's URL: KANAL_TEST_DB_URL, else PostgreSQL's usual local address. The one
     * place a test names a database server (the test profile's default says the same);
     * {@code TestDatabaseUrlTest} keeps it so.
     */
    public static String dbUrl() {
        return env("KANAL_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/kanal_test");
    }

    /** KANAL_TEST_DB_USER, else {@code kanal}. */
    public static String dbUser() {
        return env("KANAL_TEST_DB_USER", "kanal");
    }

    /** KANAL_TEST_DB_PASSWORD, else {@code kanal}. */
    public static String dbPassword() {
        return env("KANAL_TEST_DB_PASSWORD", "kanal");
    }

    /** A sandbox ERP's connection: a schema of its own in the test database (KANAL_TEST_DB_URL, _USER, _PASSWORD). */
    public record ErpDatabase(String url, String user, String password) {
    }

    /**
     * Creates {@code schema} in the test database if needed and returns the JDBC settings that
     * put a client's ERP in it; {@code applicationName} (may be null) names its connections in
     * pg_stat_activity.
     */
    public static ErpDatabase sandboxErpSchema(String schema, String applicationName) {
        String dbUrl = dbUrl();
        String user = dbUser();
        String password = dbPassword();
        try (Connection db = DriverManager.getConnection(dbUrl, user, password)) {
            db.createStatement().execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the sandbox ERP schema on " + dbUrl, e);
        }
        String url = dbUrl + (dbUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema
                + (applicationName == null ? "" : "&ApplicationName=" + applicationName);
        return new ErpDatabase(url, user, password);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
