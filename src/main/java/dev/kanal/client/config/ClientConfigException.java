package dev.kanal.client.config;

import dev.kanal.support.PermanentFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Client configuration that cannot be used. Carries every problem found (not just the first); the
 * message has a summary line and then one line per problem:
 * {@code <file>: <field path>: <what is wrong>}. Messages never contain secret values.
 */
public class ClientConfigException extends RuntimeException implements PermanentFailure {

    private final transient List<Problem> problems;

    public ClientConfigException(List<Problem> problems) {
        super(message(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ClientConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in file order, then field order. */
    public List<Problem> problems() {
        return problems;
    }

    private static String message(List<Problem> problems) {
        long files = problems.stream().map(Problem::file).distinct().count();
        String summary = problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + " in client configuration" + (files > 1 ? " (" + files + " files)" : "") + ":";
        return problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n", summary + "\n", ""));
    }

    /**
     * One thing wrong in one file.
     *
     * @param file    the client file (or the clients folder, for problems across files)
     * @param path    field path in YAML spelling, e.g. {@code channel-accounts[1].mapping-mode};
     *                empty for problems of the whole file
     * @param message what is wrong, e.g. {@code must be one of: sku, variation}
     */
    public record Problem(Path file, String path, String message) {

        public Problem {
            path = path == null ? "" : path;
        }

        /** The problem without the file: {@code channel-accounts[1].mapping-mode: must not be null}. */
        public String describe() {
            return path.isEmpty() ? message : path + ": " + message;
        }

        @Override
        public String toString() {
            return file + ": " + describe();
        }
    }
}
