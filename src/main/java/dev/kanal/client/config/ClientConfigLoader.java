package dev.kanal.client.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.JacksonYAMLParseException;
import dev.kanal.client.config.ClientConfigException.Problem;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads client files ({@code clients/<id>.yaml}) into {@link ClientConfig}s: parses the YAML,
 * resolves {@code ${VAR}} / {@code ${VAR:default}} placeholders from the lookup it was given,
 * binds, validates, and checks the rules that span fields. Every problem of a file is collected
 * and thrown together as one {@link ClientConfigException}.
 *
 * <p>Plain Java: Spring hands it the Environment's {@code getProperty}, the CLI {@code System::getenv}.
 */
public final class ClientConfigLoader {

    private static final Validator VALIDATOR = Validation.byProvider(HibernateValidator.class)
            .configure()
            // English, whatever the machine's locale, and no Expression Language needed
            .messageInterpolator(new ParameterMessageInterpolator(Set.of(Locale.ENGLISH), Locale.ENGLISH, false))
            .buildValidatorFactory()
            .getValidator();

    private final Placeholders placeholders;
    private final Set<String> trustBundles;

    /**
     * A loader that cannot know which trust bundles exist (the {@code validate} command): a
     * {@code trust-bundle} is checked for its form only.
     *
     * @param lookup value of a placeholder variable, or null when it is not set
     */
    public ClientConfigLoader(Function<String, String> lookup) {
        this(lookup, null);
    }

    /**
     * @param lookup       value of a placeholder variable, or null when it is not set
     * @param trustBundles the SSL bundles Spring has ({@code spring.ssl.bundle.*}); a file naming
     *                     another is invalid
     */
    public ClientConfigLoader(Function<String, String> lookup, Set<String> trustBundles) {
        this.placeholders = new Placeholders(lookup);
        this.trustBundles = trustBundles == null ? null : Set.copyOf(trustBundles);
    }

    /** A loader resolving placeholders from environment variables (the CLI's way). */
    public static ClientConfigLoader fromEnvironment() {
        return new ClientConfigLoader(System::getenv);
    }

    /**
     * One client file.
     *
     * @throws ClientConfigException with every problem of the file
     */
    public ClientConfig load(Path file) {
        FileProblems problems = new FileProblems(file);
        ClientConfig config = read(file, problems);
        if (!problems.isEmpty()) {
            throw new ClientConfigException(problems.list());
        }
        return config;
    }

    /**
     * Every client file ({@code *.yaml}, {@code *.yml}) of a folder, in file-name order.
     *
     * @throws ClientConfigException with the problems of every broken file, and client ids used twice
     */
    public List<ClientConfig> loadAll(Path dir) {
        List<FileResult> results = loadEach(dir);
        List<Problem> problems = results.stream()
                .filter(r -> r.error() != null)
                .flatMap(r -> r.error().problems().stream())
                .toList();
        if (!problems.isEmpty()) {
            throw new ClientConfigException(problems);
        }
        return results.stream().map(FileResult::config).toList();
    }

    /** The outcome for one file: a config or the problems. */
    record FileResult(Path file, ClientConfig config, ClientConfigException error) {
    }

    /** Each file on its own, plus the check that no two files declare the same client id. */
    List<FileResult> loadEach(Path dir) {
        List<FileResult> results = new ArrayList<>();
        Map<String, Path> firstFileOfId = new HashMap<>();
        for (Path file : clientFiles(dir)) {
            try {
                ClientConfig config = load(file);
                Path first = firstFileOfId.putIfAbsent(config.id(), file);
                if (first != null) {
                    results.add(new FileResult(file, null, new ClientConfigException(List.of(new Problem(file, "id",
                            "client id '" + config.id() + "' is already used by " + first.getFileName())))));
                } else {
                    results.add(new FileResult(file, config, null));
                }
            } catch (ClientConfigException e) {
                results.add(new FileResult(file, null, e));
            }
        }
        return results;
    }

    /**
     * The client files of a folder: {@code *.yaml} and {@code *.yml}, not hidden, sorted by name.
     *
     * @throws ClientConfigException when the folder cannot be listed
     */
    public static List<Path> clientFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ClientConfigException(List.of(new Problem(dir, "", "is not a folder")));
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries
                    .filter(Files::isRegularFile)
                    .filter(ClientConfigLoader::isClientFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new ClientConfigException(List.of(new Problem(dir, "", "cannot be listed: " + e.getMessage())));
        }
    }

    static boolean isClientFile(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    /** {@code acme} for {@code acme.yaml}. */
    static String clientIdOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    private ClientConfig read(Path file, FileProblems problems) {
        JsonNode tree = parse(file, problems);
        if (tree == null) {
            return null;
        }
        Map<String, Integer> documentOrder = new HashMap<>();
        resolvePlaceholders(tree, "", problems, documentOrder);

        ClientConfig config = bind(tree, problems);
        if (config != null) {
            validate(config, problems);
            ClientConfigChecks.check(config, trustBundles, problems);
            String expectedId = clientIdOf(file);
            if (config.id() != null && !problems.reportedAt("id") && !config.id().equals(expectedId)) {
                problems.add("id", "'" + config.id() + "' must equal the file name without extension ('" + expectedId
                        + "'): rename the file or change the id");
            }
        }
        problems.documentOrder(documentOrder);
        return config;
    }

    private JsonNode parse(Path file, FileProblems problems) {
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            problems.add("", "is not UTF-8 text");
            return null;
        } catch (IOException e) {
            problems.add("", "cannot be read: " + e);
            return null;
        }
        JsonNode tree;
        try {
            tree = YamlBinding.MAPPER.readTree(text);
        } catch (JacksonYAMLParseException e) {
            problems.add("", "malformed YAML " + yamlError(e));
            return null;
        } catch (JsonProcessingException e) {
            // e.g. a key written twice in one mapping
            String what = e.getOriginalMessage().startsWith("Duplicate field")
                    ? e.getOriginalMessage().replace("Duplicate field", "key") + " appears twice in one mapping"
                    : e.getOriginalMessage();
            problems.add("", "malformed YAML " + at(e.getLocation()) + ": " + what);
            return null;
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            problems.add("", "is empty; a client file starts with 'id:', 'name:', 'source:' ...");
            return null;
        }
        if (!tree.isObject()) {
            problems.add("", "must be a mapping of keys (id, name, source, ...), not "
                    + (tree.isArray() ? "a list" : "a single value"));
            return null;
        }
        return tree;
    }

    /**
     * SnakeYAML's own message quotes the offending line, which may hold a secret: only its
     * position and the problem are reported.
     */
    private static String yamlError(JacksonYAMLParseException e) {
        if (e.getCause() instanceof MarkedYAMLException marked) {
            Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
            String where = mark == null ? at(e.getLocation()) : "at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            String what = marked.getProblem() != null ? marked.getProblem() : marked.getContext();
            String context = marked.getContext() != null && marked.getProblem() != null ? " (" + marked.getContext() + ")" : "";
            return where + ": " + what + context;
        }
        return at(e.getLocation()) + ": " + e.getOriginalMessage();
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : "at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Replaces placeholders in every string value; also records each path's position in the file. */
    private void resolvePlaceholders(JsonNode node, String path, FileProblems problems, Map<String, Integer> order) {
        order.putIfAbsent(path, order.size());
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            fields.forEachRemaining(entries::add);
            for (Map.Entry<String, JsonNode> field : entries) {
                String childPath = FieldPaths.child(path, field.getKey());
                JsonNode value = field.getValue();
                if (value.isTextual()) {
                    order.putIfAbsent(childPath, order.size());
                    object.set(field.getKey(), resolve(value, childPath, problems));
                } else {
                    resolvePlaceholders(value, childPath, problems, order);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String childPath = FieldPaths.index(path, i);
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    order.putIfAbsent(childPath, order.size());
                    array.set(i, resolve(value, childPath, problems));
                } else {
                    resolvePlaceholders(value, childPath, problems, order);
                }
            }
        }
    }

    private TextNode resolve(JsonNode value, String path, FileProblems problems) {
        return TextNode.valueOf(placeholders.resolve(value.textValue(), name -> problems.add(path,
                "variable '" + name + "' is not set and ${" + name + "} has no default (set it, or write ${"
                        + name + ":default})")));
    }

    private static ClientConfig bind(JsonNode tree, FileProblems problems) {
        try {
            return YamlBinding.MAPPER.readerFor(ClientConfig.class)
                    .withHandler(new YamlBinding.Problems(problems))
                    .readValue(tree);
        } catch (JsonMappingException e) {
            // what the problem handler could not absorb; Jackson's own text may quote the value, so it is not used
            String type = e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                    ? " as " + YamlBinding.describe(mismatch.getTargetType()) : "";
            problems.addIfNew(pathOf(e.getPath()), "cannot be read" + type);
            return null;
        } catch (IOException e) {
            problems.add("", "cannot be read: " + e.getClass().getSimpleName());
            return null;
        }
    }

    private static String pathOf(List<JsonMappingException.Reference> references) {
        String path = "";
        for (JsonMappingException.Reference reference : references) {
            path = reference.getFieldName() != null
                    ? FieldPaths.child(path, reference.getFieldName())
                    : FieldPaths.index(path, reference.getIndex());
        }
        return path;
    }

    private static void validate(ClientConfig config, FileProblems problems) {
        Map<String, List<ConstraintViolation<ClientConfig>>> byPath = VALIDATOR.validate(config).stream()
                .collect(Collectors.groupingBy(v -> FieldPaths.of(v.getPropertyPath()), LinkedHashMap::new, Collectors.toList()));
        byPath.forEach((path, violations) -> {
            // "must not be blank" says it all; "must match ..." on the same empty value is noise
            List<ConstraintViolation<ClientConfig>> missing = violations.stream().filter(ClientConfigLoader::isPresenceCheck).toList();
            for (ConstraintViolation<ClientConfig> violation : missing.isEmpty() ? violations : missing) {
                problems.addIfNew(path, message(violation));
            }
        });
    }

    /** "must not be null" reads oddly for a YAML key that is missing: it is "must be set (one of: ...)". */
    private static String message(ConstraintViolation<?> violation) {
        if (violation.getConstraintDescriptor().getAnnotation().annotationType() != NotNull.class) {
            return violation.getMessage();
        }
        String hint = "";
        jakarta.validation.Path.Node last = null;
        for (jakarta.validation.Path.Node node : violation.getPropertyPath()) {
            last = node;
        }
        if (last != null && last.getKind() == ElementKind.PROPERTY && violation.getLeafBean() != null) {
            for (RecordComponent component : violation.getLeafBean().getClass().getRecordComponents()) {
                if (component.getName().equals(last.getName()) && component.getType().isEnum()) {
                    hint = " (" + YamlBinding.describe(component.getType()) + ")";
                }
            }
        }
        return "must be set" + hint;
    }

    private static boolean isPresenceCheck(ConstraintViolation<?> violation) {
        Class<?> annotation = violation.getConstraintDescriptor().getAnnotation().annotationType();
        return annotation == NotNull.class || annotation == NotBlank.class || annotation == NotEmpty.class;
    }
}
