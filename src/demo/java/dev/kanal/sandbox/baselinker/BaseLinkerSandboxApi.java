package dev.kanal.sandbox.baselinker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * BaseLinker's one endpoint, {@code POST connector.php} with form fields {@code method} and
 * {@code parameters} (JSON) and the token in {@code X-BLToken} (the deprecated {@code token}
 * form field is read too). Every answer is HTTP 200 JSON, {@code {"status":"SUCCESS",…}} or
 * {@code {"status":"ERROR","error_code","error_message"}}, except an injected 5xx, which is the
 * HTML page a front would send.
 *
 * <p>Gate, in this order: the token (unknown: {@code ERROR_BAD_TOKEN}, not counted) → the call is
 * counted → queued faults → the per-token limit ({@code ERROR_BLOCKED_TOKEN}) → the method
 * ({@code ERROR_UNKNOWN_METHOD}) → its parameters.
 */
@RestController
@RequestMapping(path = "/sandbox/baselinker")
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class BaseLinkerSandboxApi {

    /** The methods the sandbox serves: the ones Kanal calls (docs/sandboxes.md). */
    static final List<String> METHODS = List.of("getInventories", "getInventoryProductsList", "getInventoryProductsData",
            "updateInventoryProductsStock", "getOrders", "getOrderStatusList", "setOrderStatus", "getJournalList",
            "createPackageManual", "getOrderPackages", "setOrderFields", "addInventoryProduct", "updateInventoryProductsPrices",
            "getInventoryPriceGroups");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BaseLinkerSandbox sandbox;

    BaseLinkerSandboxApi(BaseLinkerSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @PostMapping(path = "/connector.php", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Object> connector(@RequestHeader(name = "X-BLToken", required = false) String tokenHeader,
                                     @RequestParam(name = "token", required = false) String tokenField,
                                     @RequestParam(name = "method", required = false) String method,
                                     @RequestParam(name = "parameters", required = false) String parameters) {
        String token = tokenHeader != null && !tokenHeader.isBlank() ? tokenHeader : tokenField;
        Optional<SandboxAccount> found = sandbox.account(token);
        if (found.isEmpty()) {
            return json(new SandboxApiError(SandboxApiError.BAD_TOKEN, "Invalid user token").answer());
        }
        SandboxAccount account = found.get();
        SandboxAccount.Admission admission = account.admit(method);
        Object answer;
        if (admission.fault() != null && admission.fault().errorCode() == null) {
            int status = admission.fault().httpStatus();
            account.record(method, parameters, "HTTP " + status);
            return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML)
                    .body("<html><head><title>" + status + "</title></head><body><h1>" + status + " "
                            + HttpStatus.valueOf(status).getReasonPhrase() + "</h1></body></html>");
        } else if (admission.fault() != null) {
            answer = new SandboxApiError(admission.fault().errorCode(), admission.fault().errorMessage()).answer();
        } else if (admission.error() != null) {
            answer = admission.error().answer();
        } else {
            answer = serve(account, method, parameters);
        }
        account.record(method, parameters, answer);
        return json(answer);
    }

    private Object serve(SandboxAccount account, String method, String parameters) {
        try {
            if (method == null || !METHODS.contains(method)) {
                throw new SandboxApiError(SandboxApiError.UNKNOWN_METHOD, "Unknown method" + (method == null ? "" : ": " + method));
            }
            Params params = new Params(parse(parameters));
            Map<String, Object> result = account.withLock(() -> call(account, method, params));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "SUCCESS");
            answer.putAll(result);
            return answer;
        } catch (SandboxApiError e) {
            return e.answer();
        }
    }

    private static JsonNode parse(String parameters) {
        if (parameters == null || parameters.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(parameters);
            if (node.isArray() && node.isEmpty()) {
                return JSON.createObjectNode(); // PHP's empty array
            }
            if (!node.isObject()) {
                throw SandboxApiError.parameters("Parameters must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw SandboxApiError.parameters("Parameters are not valid JSON");
        }
    }

    private static Map<String, Object> call(SandboxAccount account, String method, Params params) {
        SandboxInventory inventory = account.inventory;
        SandboxOrderBook orders = account.orders;
        return switch (method) {
            case "getInventories" -> Map.of("inventories", List.of(inventory.describe(true)));
            case "getInventoryPriceGroups" -> inventory.priceGroupsAnswer();
            case "getInventoryProductsList" -> inventory(inventory, params).list(params);
            case "getInventoryProductsData" -> inventory(inventory, params).data(params);
            case "updateInventoryProductsStock" -> inventory(inventory, params).updateStock(params);
            case "updateInventoryProductsPrices" -> inventory(inventory, params).updatePrices(params);
            case "addInventoryProduct" -> inventory(inventory, params).addProduct(params);
            case "getOrders" -> orders.getOrders(params);
            case "getOrderStatusList" -> orders.getOrderStatusList();
            case "setOrderStatus" -> orders.setOrderStatus(params);
            case "getJournalList" -> orders.getJournalList(params);
            case "createPackageManual" -> orders.createPackageManual(params);
            case "getOrderPackages" -> orders.getOrderPackages(params);
            case "setOrderFields" -> orders.setOrderFields(params);
            default -> throw new SandboxApiError(SandboxApiError.UNKNOWN_METHOD, "Unknown method: " + method);
        };
    }

    private static SandboxInventory inventory(SandboxInventory inventory, Params params) {
        long id = params.requiredLong("inventory_id");
        if (id != inventory.inventoryId) {
            throw new SandboxApiError(SandboxApiError.INVENTORY_NOT_FOUND, "Inventory not found: " + id);
        }
        return inventory;
    }

    private static ResponseEntity<Object> json(Object answer) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer);
    }
}
