package dev.kanal.connector.woocommerce;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What Kanal needs of a {@code products/batch} answer: for each item of {@code update}, its id
 * and its error if it has one. WooCommerce answers every updated product in full (some 1.5 KB
 * each, 150 KB a call); the rest is skipped as it is read instead of being built as a tree, on
 * the batch-call thread whose next call waits for it.
 */
final class WooBatchAnswer {

    /** One item of {@code update}: {@code id} (0 if absent or not a number) and {@code error} (null if none). */
    record Item(long id, JsonNode error) {
    }

    private WooBatchAnswer() {
    }

    /** @throws IOException the body is not JSON, or not a JSON object */
    static List<Item> updates(ObjectMapper json, String body) throws IOException {
        List<Item> items = new ArrayList<>();
        try (JsonParser parser = json.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(parser, "A batch answer is a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("update".equals(name) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        items.add(item(json, parser));
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return items;
    }

    private static Item item(ObjectMapper json, JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return new Item(0, null);
        }
        long id = 0;
        JsonNode error = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if ("id".equals(field)) {
                id = parser.getValueAsLong();
                parser.skipChildren();
            } else if ("error".equals(field)) {
                error = json.readTree(parser);
            } else {
                parser.skipChildren();
            }
        }
        return new Item(id, error);
    }
}
