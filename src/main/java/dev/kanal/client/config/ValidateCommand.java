package dev.kanal.client.config;

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
            Usage: java -jar kanal.jar validate <file-or-folder>...
              Checks client configuration files (clients/<id>.yaml) without starting Kanal.
              A folder means every *.yaml and *.yml file in it.
              ${VAR} placeholders are read from environment variables.
              Trust bundles (spring.ssl.bundle.*) are checked when Kanal starts, not here.
              Exit code: 0 all valid, 1 a file is invalid, 2 usage error.""";

    private final ClientConfigLoader loader;
    private final PrintStream out;
    private final PrintStream err;

    public ValidateCommand(Function<String, String> lookup, PrintStream out, PrintStream err) {
        this.loader = new ClientConfigLoader(lookup);
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
        for (String arg : args) {
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
            for (ClientConfigLoader.FileResult result : results) {
                checked++;
                if (!report(result)) {
                    invalid++;
                }
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
