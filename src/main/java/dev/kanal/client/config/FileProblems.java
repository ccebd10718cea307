package dev.kanal.client.config;

import dev.kanal.client.config.ClientConfigException.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The problems found in one file; listed in the order their fields appear in the file. */
final class FileProblems {

    private final Path file;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> paths = new HashSet<>();
    private Map<String, Integer> documentOrder = Map.of();

    FileProblems(Path file) {
        this.file = file;
    }

    void add(String path, String message) {
        problems.add(new Problem(file, path, message));
        paths.add(path);
    }

    /** Adds the problem unless one was already reported at this path (or inside it). */
    void addIfNew(String path, String message) {
        if (!reportedAt(path)) {
            add(path, message);
        }
    }

    /** Whether a problem was already reported at this path (or inside it). */
    boolean reportedAt(String path) {
        if (paths.contains(path)) {
            return true;
        }
        for (String reported : paths) {
            if (!path.isEmpty() && (reported.startsWith(path + ".") || reported.startsWith(path + "["))) {
                return true;
            }
        }
        return false;
    }

    /** Position of each path in the file, so problems read top to bottom. */
    void documentOrder(Map<String, Integer> order) {
        this.documentOrder = order;
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** The problems, top to bottom; a missing field sorts where its parent starts. */
    List<Problem> list() {
        List<Problem> sorted = new ArrayList<>(problems);
        // a missing field has its parent's position: ties (several missing fields of one mapping) go by name
        sorted.sort(Comparator.<Problem>comparingInt(p -> position(p.path())).thenComparing(p -> documentOrder.containsKey(p.path()) ? "" : p.path()));
        return List.copyOf(sorted);
    }

    private int position(String path) {
        for (String p = path; ; p = parent(p)) {
            Integer position = documentOrder.get(p);
            if (position != null) {
                return position;
            }
            if (p.isEmpty()) {
                return -1;
            }
        }
    }

    private static String parent(String path) {
        if (path.endsWith("]")) {
            return path.substring(0, path.lastIndexOf('['));
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }
}
