package dev.kanal.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the benchmark prints: each line at once (prefixed, easy to grep in Maven's output) and, at the end, to a file. */
final class BenchReport {

    static final String PREFIX = "BENCH ";

    private final List<String> lines = new ArrayList<>();
    private final long started = System.nanoTime();

    synchronized void line(String format, Object... args) {
        String text = args.length == 0 ? format : String.format(format, args);
        lines.add(text);
        System.out.println(PREFIX + text);
        System.out.flush();
    }

    void lines(List<String> many) {
        many.forEach(this::line);
    }

    /** A timed stage: prints "stage <name>: <seconds> s" and returns the milliseconds. */
    long stage(String name, long startNanos) {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        line("stage %-52s %8.2f s", name + ":", millis / 1000.0);
        return millis;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    synchronized void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines);
            System.out.println(PREFIX + "report written to " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
