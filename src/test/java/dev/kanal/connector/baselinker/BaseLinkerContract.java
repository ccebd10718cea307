package dev.kanal.connector.baselinker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.fge.jsonschema.core.exceptions.ProcessingException;
import com.github.fge.jsonschema.core.report.ProcessingMessage;
import com.github.fge.jsonschema.core.report.ProcessingReport;
import com.github.fge.jsonschema.main.JsonSchema;
import com.github.fge.jsonschema.main.JsonSchemaFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * BaseLinker's contract as Kanal uses it: one JSON Schema file per method under
 * {@code src/test/resources/contracts/baselinker}, holding the schema of the method's
 * {@code parameters} and of its SUCCESS answer, derived from shared/api-contracts.md 4 (and
 * BaseLinker's method pages where 4 is silent; each file names its source), plus
 * {@code error.json} for the failure answer. BaseLinker publishes no OpenAPI file.
 */
final class BaseLinkerContract {

    /** Every method Kanal calls. */
    static final List<String> METHODS = List.of("getInventories", "getInventoryProductsList", "getInventoryProductsData",
            "updateInventoryProductsStock", "getOrders", "getOrderStatusList", "setOrderStatus", "getJournalList",
            "createPackageManual", "getOrderPackages", "setOrderFields", "addInventoryProduct", "updateInventoryProductsPrices",
            "getInventoryPriceGroups");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.byDefault();
    private static final Map<String, JsonNode> FILES = new ConcurrentHashMap<>();

    private BaseLinkerContract() {
    }

    /** Problems of a method's parameters; empty when they keep the contract. */
    static List<String> checkParameters(String method, JsonNode parameters) {
        return check(method, "/parameters", parameters);
    }

    /** Problems of an answer: SUCCESS against the method's answer schema, ERROR against error.json. */
    static List<String> checkAnswer(String method, JsonNode answer) {
        if ("ERROR".equals(answer.path("status").asText())) {
            return check("error", "/answer", answer);
        }
        return check(method, "/answer", answer);
    }

    private static List<String> check(String file, String pointer, JsonNode instance) {
        JsonNode document = FILES.computeIfAbsent(file, BaseLinkerContract::load);
        List<String> problems = new ArrayList<>();
        try {
            JsonSchema schema = FACTORY.getJsonSchema(document, pointer);
            ProcessingReport report = schema.validate(instance, true);
            for (ProcessingMessage message : report) {
                JsonNode m = message.asJson();
                problems.add(file + pointer + " at '" + m.path("instance").path("pointer").asText() + "': " + message.getMessage());
            }
        } catch (ProcessingException e) {
            problems.add(file + pointer + ": " + e.getMessage());
        }
        return problems;
    }

    private static JsonNode load(String file) {
        String path = "/contracts/baselinker/" + file + ".json";
        try (InputStream in = BaseLinkerContract.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no contract for BaseLinker method " + file + " (" + path + ")");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
