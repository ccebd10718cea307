package dev.kanal.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.KanalIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every call of the admin API under {@code /admin/clients/{client}/...} answers 404 for a client
 * Kanal does not know, the same for all: not an empty list (which reads as "nothing here yet"),
 * not a 500. The calls are taken from Spring's own handler mappings, so a new endpoint is
 * covered the day it is added.
 */
class UnknownClientAdminAnswersTest extends KanalIntegrationTest {

    private static final String CLIENT_PREFIX = "/admin/clients/{client}";
    private static final String UNKNOWN = "no-such-client-" + RUN;
    private static final String ADMIN = "Basic " + Base64.getEncoder()
            .encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8));
    /** A value for each other path variable; what matters is the client. */
    private static final Map<String, String> PATH_VALUES = Map.of("account", "bm", "listingId", "1", "orderId", "1",
            "serial", "SN-1", "returnId", "1", "id", "1");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final HttpClient http = HttpClient.newHttpClient();

    /** One admin call: method, path with its variables filled in, and a body its handler accepts. */
    record Call(String method, String path, String contentType, String body) {
        @Override
        public String toString() {
            return method + " " + path + (body == null ? "" : " (" + contentType + ")");
        }
    }

    @Test
    void everyAdminGetAnswers404ForAnUnknownClient() throws Exception {
        List<Call> gets = adminCalls().stream().filter(c -> c.method().equals("GET")).toList();
        assertThat(gets).as("admin GETs found in the handler mappings")
                .extracting(Call::toString)
                .contains("GET /admin/clients/" + UNKNOWN + "/listings", "GET /admin/clients/" + UNKNOWN + "/orders",
                        "GET /admin/clients/" + UNKNOWN + "/listings/1/quantity", "GET /admin/clients/" + UNKNOWN + "/orders/1",
                        "GET /admin/clients/" + UNKNOWN + "/serialized-items/SN-1");

        assertThat(answers(gets)).as("status of each admin GET for an unknown client").allSatisfy((call, status) ->
                assertThat(status).as(call).isEqualTo(404));
    }

    @Test
    void unmappedListingsOfAnUnknownClientAre404AndNamesTheClient() throws Exception {
        Answer unknown = http("GET", "/admin/clients/" + UNKNOWN + "/listings?unmapped=true", null, ADMIN);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").asText()).contains(UNKNOWN);

        Answer known = http("GET", "/admin/clients/" + CLIENT + "/listings", null, ADMIN);
        assertThat(known.status()).as("the same call for this run's client").isEqualTo(200);
        assertThat(known.json().isArray()).isTrue();
    }

    @Test
    void everyAdminChangeAnswers404ForAnUnknownClient() throws Exception {
        List<Call> changes = adminCalls().stream().filter(c -> !c.method().equals("GET")).toList();
        assertThat(changes).as("admin calls that change something").isNotEmpty();

        assertThat(answers(changes)).as("status of each admin change for an unknown client").allSatisfy((call, status) ->
                assertThat(status).as(call).isEqualTo(404));
    }

    private Map<String, Integer> answers(Collection<Call> calls) throws Exception {
        Map<String, Integer> statuses = new TreeMap<>();
        for (Call call : calls) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + call.path()))
                    .header("Authorization", ADMIN)
                    .header("Accept", MediaType.APPLICATION_JSON_VALUE);
            if (call.body() == null) {
                request.method(call.method(), HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", call.contentType())
                        .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body()));
            }
            statuses.put(call.toString(), http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        return statuses;
    }

    /** Every mapped method of every handler under /admin/clients/{client}, with an unknown client. */
    private List<Call> adminCalls() {
        List<Call> calls = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = mapping.getKey();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith(CLIENT_PREFIX)) {
                    continue;
                }
                String path = fill(pattern) + requiredParameters(mapping.getValue());
                MediaType consumes = info.getConsumesCondition().getConsumableMediaTypes().stream().findFirst()
                        .orElse(MediaType.APPLICATION_JSON);
                String body = body(mapping.getValue(), consumes);
                Collection<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (RequestMethod method : methods.isEmpty() ? List.of(RequestMethod.GET) : methods) {
                    calls.add(new Call(method.name(), path, consumes.toString(), method == RequestMethod.GET ? null : body));
                }
            }
        }
        return calls;
    }

    private static String fill(String pattern) {
        Matcher variable = Pattern.compile("\\{(\\w+)}").matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1);
            String value = name.equals("client") ? UNKNOWN : PATH_VALUES.get(name);
            assertThat(value).as("a value for path variable {" + name + "} of " + pattern).isNotNull();
            variable.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        variable.appendTail(path);
        return path.toString();
    }

    /** Request parameters the handler cannot do without, so the call reaches it. */
    private static String requiredParameters(HandlerMethod handler) {
        List<String> parameters = new ArrayList<>();
        for (MethodParameter parameter : handler.getMethodParameters()) {
            parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null && param.required() && param.defaultValue().equals(ValueConstants.DEFAULT_NONE)) {
                String name = param.name().isEmpty() ? param.value() : param.name();
                parameters.add((name.isEmpty() ? parameter.getParameterName() : name) + "=x");
            }
        }
        return parameters.isEmpty() ? "" : "?" + String.join("&", parameters);
    }

    /** A body of the shape the handler reads: a list, an object or CSV. */
    private static String body(HandlerMethod handler, MediaType consumes) {
        for (MethodParameter parameter : handler.getMethodParameters()) {
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                Class<?> type = parameter.getParameterType();
                if (consumes.getSubtype().equals("csv")) {
                    return "serial,product_code,sku,grade,warehouse,inventory_status\nSN-1,P-1,SKU-1,A,MAG,available\n";
                }
                return List.class.isAssignableFrom(type) || type.isArray() && type != byte[].class ? "[]" : "{}";
            }
        }
        return null;
    }
}
