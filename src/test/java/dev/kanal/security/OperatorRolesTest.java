package dev.kanal.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.ops.OperatorAction;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Two roles: the operator reads, replays dead letters, releases held orders, allocates and
 * retries the ERP write; deleting messages, cancelling orders and configuration (mappings,
 * bundles, imports, recalculation, reconciliation, webhooks, any other Jolokia change) answer
 * 403 to the operator and are the admin's.
 */
class OperatorRolesTest extends KanalIntegrationTest {

    private static final String OPERATOR = ConsoleClient.basic("operator", "test-operator-secret");
    private static final String ADMIN = ConsoleClient.basic("admin", "test-secret");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConsoleClient console = new ConsoleClient(baseUrl());
    private final String client = "/admin/clients/" + CLIENT;

    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

    @Test
    void theOperatorReadsReleasesAllocatesRetriesTheErpAndReplays() throws Exception {
        assertThat(status("GET", client + "/orders", OPERATOR, null)).isEqualTo(200);
        assertThat(status("GET", client + "/listings", OPERATOR, null)).isEqualTo(200);
        assertThat(status("GET", "/admin/audit", OPERATOR, null)).isEqualTo(200);
        assertThat(status("GET", "/actuator/metrics", OPERATOR, null)).isEqualTo(200);
        assertThat(status("POST", client + "/orders/held/release?reason=none", OPERATOR, null)).isEqualTo(200);
        // past the role check: the order does not exist
        assertThat(status("POST", client + "/orders/999999999/allocate", OPERATOR, null)).isEqualTo(404);
        assertThat(status("POST", client + "/orders/999999999/erp", OPERATOR, null)).isEqualTo(404);

        assertThat(jolokia(OPERATOR, exec(dlq("kanal.test.parked.dlq"), "retryMessages"))).isEqualTo(200);
        assertThat(jolokia(OPERATOR, "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}"))
                .isEqualTo(200);
        assertThat(jolokia(OPERATOR, "[" + exec(dlq(), "countMessages()") + "," + exec(dlq(), "retryMessage(long)", 1) + "]"))
                .as("a bulk call of reads and a replay").isEqualTo(200);
    }

    @Test
    void theOperatorMayNotDeleteCancelOrConfigure() throws Exception {
        assertThat(status("POST", client + "/orders/1/cancel", OPERATOR, null)).isEqualTo(403);
        assertThat(status("PUT", client + "/listings/1/mapping", OPERATOR, "{\"sku\":\"X\"}")).isEqualTo(403);
        assertThat(status("PUT", client + "/listings/1/bundle", OPERATOR, "[{\"sku\":\"X\",\"units\":2}]")).isEqualTo(403);
        assertThat(status("POST", client + "/accounts/bm/listings/import", OPERATOR, null)).isEqualTo(403);
        assertThat(status("POST", client + "/accounts/bm/recalculate", OPERATOR, null)).isEqualTo(403);
        assertThat(status("POST", client + "/accounts/bm/reconcile", OPERATOR, null)).isEqualTo(403);
        assertThat(status("POST", client + "/accounts/woo-orders/webhooks", OPERATOR, null)).isEqualTo(403);
        assertThat(status("POST", client + "/serialized-items", OPERATOR, "[]")).isEqualTo(403);

        assertThat(jolokia(OPERATOR, exec(dlq(), "removeMessage(long)", 1))).isEqualTo(403);
        assertThat(jolokia(OPERATOR, exec(dlq(), "removeAllMessages"))).isEqualTo(403);
        assertThat(jolokia(OPERATOR, exec("java.lang:type=Memory", "gc"))).isEqualTo(403);
        assertThat(jolokia(OPERATOR, "[" + exec(dlq(), "countMessages()") + "," + exec(dlq(), "removeAllMessages") + "]"))
                .as("one forbidden request refuses the whole call").isEqualTo(403);
        assertThat(jolokia(OPERATOR, "{\"type\":\"write\",\"mbean\":\"java.lang:type=Threading\","
                + "\"attribute\":\"ThreadCpuTimeEnabled\",\"value\":true}")).isEqualTo(403);
        assertThat(jolokia(OPERATOR, "not json")).isEqualTo(403);
    }

    @Test
    void theAdminMayDeleteCancelAndConfigure() throws Exception {
        // past the role check: the order and the listing do not exist
        assertThat(status("POST", client + "/orders/999999999/cancel", ADMIN, null)).isEqualTo(404);
        assertThat(status("PUT", client + "/listings/999999999/mapping", ADMIN, "{\"sku\":\"X\"}")).isEqualTo(404);
        assertThat(status("POST", client + "/accounts/no-such-account/recalculate", ADMIN, null)).isEqualTo(404);
        assertThat(status("POST", client + "/orders/held/release?reason=none", ADMIN, null)).isEqualTo(200);

        HttpResponse<String> removed = console.send("POST", "/actuator/jolokia", ADMIN, exec(dlq(), "removeMessage(long)", 999999999));
        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(removed.body()).path("status").asInt()).isEqualTo(200);
        assertThat(JSON.readTree(removed.body()).path("value").asBoolean()).as("no such message").isFalse();
    }

    /** Every change the admin API offers names its audit action; which role it needs follows from SecurityConfiguration. */
    @Test
    void everyWriteOfTheAdminApiIsAnAuditedOperatorAction() {
        List<String> unaudited = mappings.getHandlerMethods().entrySet().stream()
                .filter(e -> isAdminWrite(e.getKey()))
                .filter(e -> !e.getValue().hasMethodAnnotation(OperatorAction.class))
                .map(e -> e.getKey() + " " + e.getValue())
                .toList();
        assertThat(unaudited).isEmpty();
        assertThat(mappings.getHandlerMethods().keySet().stream().filter(OperatorRolesTest::isAdminWrite)).hasSizeGreaterThanOrEqualTo(12);
    }

    private static boolean isAdminWrite(RequestMappingInfo info) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        return info.getPatternValues().stream().anyMatch(p -> p.startsWith("/admin/"))
                && (methods.isEmpty() || methods.stream().anyMatch(m -> m != RequestMethod.GET && m != RequestMethod.HEAD));
    }

    private int status(String method, String path, String authorization, String json) throws Exception {
        return console.send(method, path, authorization, json).statusCode();
    }

    /** The HTTP status, or (when 200) the status Jolokia answered for the call's request(s), the worst of them. */
    private int jolokia(String authorization, String body) throws Exception {
        HttpResponse<String> answer = console.send("POST", "/actuator/jolokia", authorization, body);
        if (answer.statusCode() != 200) {
            return answer.statusCode();
        }
        var json = JSON.readTree(answer.body());
        int worst = 0;
        for (var one : json.isArray() ? json : List.of(json)) {
            worst = Math.max(worst, one.path("status").asInt());
        }
        return worst;
    }

    static String exec(String mbean, String operation, Object... arguments) throws Exception {
        return JSON.writeValueAsString(Map.of("type", "exec", "mbean", mbean, "operation", operation, "arguments", List.of(arguments)));
    }

    static String dlq() throws Exception {
        return dlq("kanal.test.always-fails.dlq");
    }

    /** The broker's MBean of a queue. */
    static String dlq(String queue) throws Exception {
        Set<ObjectName> names = ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName(
                "org.apache.activemq.artemis:component=addresses,subcomponent=queues,queue=\"" + queue + "\",*"), null);
        assertThat(names).hasSize(1);
        return names.iterator().next().getCanonicalName();
    }
}
