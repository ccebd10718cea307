package dev.kanal.client.config;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar kanal.jar routes <client-file-or-folder>... [--out DIR] [--force]}: writes each
 * client's routes file ({@link ClientRoutesFile#render}) to {@code DIR/<client>.camel.yaml},
 * without starting Kanal. DIR defaults to {@code $KANAL_ROUTES_DIR/clients}, else
 * {@code routes/clients} next to the clients folder. An existing routes file may carry the engineer's own steps, so it is
 * overwritten only with {@code --force}.
 *
 * <p>Exit codes: 0 written, 1 a client file is invalid or a routes file exists, 2 usage error.
 */
public final class ClientRoutesCommand {

    private static final String USAGE_TEXT = """
            Usage: java -jar kanal.jar routes <client-file-or-folder>... [--out DIR] [--force]
              Writes each client's routes (its polls, as templatedRoutes of routes/templates) to
              DIR/<client>.camel.yaml; DIR defaults to $KANAL_ROUTES_DIR/clients, else routes/clients
              next to the clients folder.
              An existing file is kept unless --force is given (it may hold steps of your own).
              Exit code: 0 written, 1 an invalid client file or an existing routes file, 2 usage error.""";

    private final ClientConfigLoader loader;
    private final Function<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    public ClientRoutesCommand(Function<String, String> environment, PrintStream out, PrintStream err) {
        this.loader = new ClientConfigLoader(environment);
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    /** Entry point from {@code KanalApplication.main}. */
    public static int run(String... args) {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        return new ClientRoutesCommand(System::getenv, System.out, System.err).execute(args);
    }

    /**
     * The folder of routes files for the client file or folder {@code clients}:
     * {@code $KANAL_ROUTES_DIR/clients}, else {@code routes/clients} next to the clients folder
     * (the layout Kanal starts with: {@code clients/} and {@code routes/} side by side).
     */
    static Path defaultDir(Function<String, String> environment, Path clients) {
        String routes = environment.apply("KANAL_ROUTES_DIR");
        if (routes != null && !routes.isBlank()) {
            return Path.of(routes).resolve("clients");
        }
        Path folder = Files.isDirectory(clients) ? clients : clients.toAbsolutePath().getParent();
        return folder.toAbsolutePath().normalize().resolveSibling("routes").resolve("clients");
    }

    public int execute(String... args) {
        Path dir = null;
        boolean force = false;
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                out.println(USAGE_TEXT);
                return ValidateCommand.VALID;
            } else if (arg.equals("--force")) {
                force = true;
            } else if (arg.equals("--out") && i + 1 < args.length) {
                dir = Path.of(args[++i]);
            } else if (arg.startsWith("-")) {
                err.println("routes: unknown option " + arg);
                err.println(USAGE_TEXT);
                return ValidateCommand.USAGE;
            } else if (!Files.exists(Path.of(arg))) {
                err.println("routes: no such file or folder: " + arg);
                return ValidateCommand.USAGE;
            } else {
                paths.add(Path.of(arg));
            }
        }
        if (paths.isEmpty()) {
            err.println("routes: name at least one client file or folder");
            err.println(USAGE_TEXT);
            return ValidateCommand.USAGE;
        }
        int failed = 0;
        for (Path path : paths) {
            List<ClientConfigLoader.FileResult> results = Files.isDirectory(path) ? loader.loadEach(path) : List.of(loadOne(path));
            for (ClientConfigLoader.FileResult result : results) {
                if (!write(result, dir != null ? dir : defaultDir(environment, path), force)) {
                    failed++;
                }
            }
        }
        return failed == 0 ? ValidateCommand.VALID : ValidateCommand.INVALID;
    }

    private boolean write(ClientConfigLoader.FileResult result, Path dir, boolean force) {
        if (result.error() != null) {
            out.println("FAIL " + result.file() + ": invalid client file; run: java -jar kanal.jar validate " + result.file());
            return false;
        }
        Path target = ClientRoutesFile.of(dir, result.config().id());
        if (Files.exists(target) && !force) {
            out.println("KEPT " + target + ": exists (it may hold steps of your own); --force overwrites it");
            return false;
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(target, ClientRoutesFile.render(result.config()));
        } catch (IOException e) {
            out.println("FAIL " + target + ": " + e.getMessage());
            return false;
        }
        out.println("WROTE " + target + ": " + ClientRoutePlan.of(result.config()).size() + " routes of client " + result.config().id());
        return true;
    }

    private ClientConfigLoader.FileResult loadOne(Path file) {
        try {
            return new ClientConfigLoader.FileResult(file, loader.load(file), null);
        } catch (ClientConfigException e) {
            return new ClientConfigLoader.FileResult(file, null, e);
        }
    }
}
