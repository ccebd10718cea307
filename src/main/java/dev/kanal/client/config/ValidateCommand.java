package dev.kanal.client.config;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar kanal.jar validate <file-or-folder>...}: checks client files without starting
 * Kanal. Placeholders are resolved from the environment, as at start-up (Kanal's own properties
 * are not available here, only environment variables). Spring's SSL bundles are not known here
 * either: a {@code trust-bundle} is checked for its form, and each valid file that names one gets
 * a note that start-up will check it exists.
 *
 * <p>Exit codes: 0 every file is valid, 1 a file is invalid (or a folder has none), 2 usage
 * error (no argument, unknown option, path that does not exist).
 */
public final class ValidateCommand {

    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            Usage: java -jar kanal.jar validate <file-or-folder>... [--routes DIR]
              Checks client configuration files (clients/<id>.yaml) without starting Kanal.
              A folder means every *.yaml and *.yml file in it.
              Each client's routes file (DIR/<id>.camel.yaml; DIR defaults to $KANAL_ROUTES_DIR/clients,
              else routes/clients next to the clients folder) must declare the routes the client file
              calls for and none for accounts it does not poll; for a folder, a routes file of a
              client with no client file is an error too.
              ${VAR} placeholders are read from environment variables.
              Trust bundles (spring.ssl.bundle.*) are checked when Kanal starts, not here.
              Exit code: 0 all valid, 1 a file is invalid, 2 usage error.""";

    private final ClientConfigLoader loader;
    private final PrintStream out;
    private final PrintStream err;
    private final Function<String, String> lookup;

    public ValidateCommand(Function<String, String> lookup, PrintStream out, PrintStream err) {
        this.loader = new ClientConfigLoader(lookup);
        this.lookup = lookup;
        this.out = out;
        this.err = err;
    }

    /** Entry point from {@code KanalApplication.main}: environment variables, standard streams. */
    public static int run(String... args) {
        // Spring is not started, so logging has no configuration yet: keep library INFO lines
        // (e.g. Hibernate Validator's version banner) out of the command's output
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        return new ValidateCommand(System::getenv, System.out, System.err).execute(args);
    }

    /**
     * @param args the arguments after {@code validate}
     * @return the exit code
     */
    public int execute(String... args) {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.println(USAGE_TEXT);
            return VALID;
        }
        if (args.length == 0) {
            err.println("validate: name at least one client file or folder");
            err.println(USAGE_TEXT);
            return USAGE;
        }
        List<Path> paths = new ArrayList<>();
        Path routesDir = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--routes") && i + 1 < args.length) {
                routesDir = Path.of(args[++i]);
                continue;
            }
            if (arg.startsWith("-")) {
                err.println("validate: unknown option " + arg);
                err.println(USAGE_TEXT);
                return USAGE;
            }
            Path path = Path.of(arg);
            if (!Files.exists(path)) {
                err.println("validate: no such file or folder: " + arg);
                return USAGE;
            }
            paths.add(path);
        }

        int checked = 0;
        int invalid = 0;
        for (Path path : paths) {
            List<ClientConfigLoader.FileResult> results;
            try {
                results = Files.isDirectory(path)
                        ? loader.loadEach(path)
                        : List.of(loadOne(path));
            } catch (ClientConfigException e) { // the folder itself cannot be listed
                report(new ClientConfigLoader.FileResult(path, null, e));
                invalid++;
                continue;
            }
            if (results.isEmpty()) {
                out.println("FAIL " + path + ": no client files (*.yaml, *.yml) in this folder");
                invalid++;
            }
            Path routes = routesDir != null ? routesDir : ClientRoutesCommand.defaultDir(lookup, path);
            Set<String> clientIds = new LinkedHashSet<>();
            for (ClientConfigLoader.FileResult result : results) {
                checked++;
                if (!report(result) || !reportRoutes(result.config(), routes)) {
                    invalid++;
                }
                if (result.config() != null) {
                    clientIds.add(result.config().id());
                }
            }
            if (Files.isDirectory(path) && results.stream().allMatch(r -> r.error() == null)) {
                invalid += reportRoutesOfUnknownClients(routes, clientIds);
            }
        }
        out.println(checked + (checked == 1 ? " file" : " files") + " checked, " + invalid + " invalid");
        return invalid == 0 ? VALID : INVALID;
    }

    private ClientConfigLoader.FileResult loadOne(Path file) {
        try {
            return new ClientConfigLoader.FileResult(file, loader.load(file), null);
        } catch (ClientConfigException e) {
            return new ClientConfigLoader.FileResult(file, null, e);
        }
    }

    /** The trust bundles a client file names, each once, in file order. */
    private static List<String> trustBundles(ClientConfig client) {
        Set<String> names = new LinkedHashSet<>();
        if (client.source() != null && client.source().trustBundle() != null) {
            names.add(client.source().trustBundle());
        }
        client.channelAccounts().stream().map(ChannelAccountConfig::trustBundle).filter(Objects::nonNull).forEach(names::add);
        return List.copyOf(names);
    }

    /** Checks a valid client's routes file, if it has one, against the client file; true when in step. */
    private boolean reportRoutes(ClientConfig client, Path routesDir) {
        if (client == null) {
            return true;
        }
        Path file = ClientRoutesFile.of(routesDir, client.id());
        if (!Files.exists(file)) {
            out.println("  note: no routes file " + file + ": Kanal makes this client's routes at start-up");
            return true;
        }
        List<String> problems;
        try {
            problems = ClientRoutesFile.drift(client, ClientRoutesFile.read(file));
        } catch (IOException | RuntimeException e) {
            problems = List.of("cannot be read: " + e.getMessage());
        }
        if (problems.isEmpty()) {
            out.println("  routes: " + file + " declares every route of the client file");
            return true;
        }
        out.println("FAIL " + file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + " against the client file (regenerate it: java -jar kanal.jar routes --force <client file>, then put your own steps back)");
        problems.forEach(problem -> out.println("  " + problem));
        return false;
    }

    /** Routes files in the folder whose client has no client file among those checked; the count. */
    private int reportRoutesOfUnknownClients(Path routesDir, Set<String> clientIds) {
        if (!Files.isDirectory(routesDir)) {
            return 0;
        }
        int unknown = 0;
        try (var files = Files.list(routesDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList()) {
                String client = file.getFileName().toString().replaceFirst("\\.camel\\.yaml$", "");
                if (!clientIds.contains(client)) {
                    out.println("FAIL " + file + ": routes of client '" + client + "', which has no client file here");
                    unknown++;
                }
            }
        } catch (IOException e) {
            out.println("FAIL " + routesDir + ": cannot be listed: " + e.getMessage());
            unknown++;
        }
        return unknown;
    }

    /** Prints the outcome of one file; true when it is valid. */
    private boolean report(ClientConfigLoader.FileResult result) {
        if (result.error() == null) {
            ClientConfig client = result.config();
            int accounts = client.channelAccounts().size();
            out.println("OK " + result.file() + ": client " + client.id() + ", " + accounts
                    + (accounts == 1 ? " channel account" : " channel accounts"));
            for (String bundle : trustBundles(client)) {
                out.println("  note: trust bundle '" + bundle + "' is checked when Kanal starts: it must be configured "
                        + "there as spring.ssl.bundle.pem." + bundle + ".* or spring.ssl.bundle.jks." + bundle + ".*");
            }
            return true;
        }
        List<ClientConfigException.Problem> problems = result.error().problems();
        out.println("FAIL " + result.file() + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
        for (ClientConfigException.Problem problem : problems) {
            out.println("  " + problem.describe());
        }
        return false;
    }
}
