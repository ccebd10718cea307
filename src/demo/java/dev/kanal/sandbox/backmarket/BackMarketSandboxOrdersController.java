package dev.kanal.sandbox.backmarket;

import jakarta.servlet.http.HttpServletRequest;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Back Market seller API's order reads, emulated: {@code GET /ws/orders} (filters
 * {@code state}, {@code date_creation} and {@code date_modification} as "since", RFC 3339,
 * {@code country_code}; paging {@code page}/{@code page-size} as for listings; orders in state 0
 * or 8 are never listed) and {@code GET /ws/orders/{order_id}}. Requests pass the same gate as
 * listing requests (token, statistics, faults, rate limit, mandatory headers).
 */
@RestController
@RequestMapping(path = "/sandbox/backmarket/ws", produces = MediaType.APPLICATION_JSON_VALUE)
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class BackMarketSandboxOrdersController {

    private final BackMarketSandboxController gate;

    BackMarketSandboxOrdersController(BackMarketSandboxController gate) {
        this.gate = gate;
    }

    @GetMapping({"/orders", "/orders/"})
    Map<String, Object> orders(HttpServletRequest request,
                               @RequestParam(name = "page", required = false) String pageParam,
                               @RequestParam(name = "page-size", required = false) String pageSizeParam,
                               @RequestParam(name = "state", required = false) String stateParam,
                               @RequestParam(name = "date_creation", required = false) String createdParam,
                               @RequestParam(name = "date_modification", required = false) String modifiedParam,
                               @RequestParam(name = "country_code", required = false) String countryParam) {
        SandboxSeller seller = gate.admit(request, "GET /ws/orders");
        SellerApiPaging.Page page = SellerApiPaging.Page.of(pageParam, pageSizeParam);
        Predicate<SandboxOrder> filter = o -> !SandboxOrder.UNLISTED_STATES.contains(o.state);
        if (stateParam != null) {
            int state = SellerApiPaging.intParam("state", stateParam, 0);
            if (!SandboxOrder.ORDER_STATES.contains(state)) {
                throw SellerApiPaging.badParameter("state must be one of " + SandboxOrder.ORDER_STATES);
            }
            filter = filter.and(o -> o.state == state);
        }
        if (createdParam != null) {
            OffsetDateTime since = date("date_creation", createdParam);
            filter = filter.and(o -> !o.dateCreation.isBefore(since));
        }
        if (modifiedParam != null) {
            OffsetDateTime since = date("date_modification", modifiedParam);
            filter = filter.and(o -> !o.dateModification.isBefore(since));
        }
        if (countryParam != null) {
            filter = filter.and(o -> countryParam.equalsIgnoreCase(o.countryCode));
        }
        Predicate<SandboxOrder> matches = filter;
        return seller.withLock(() -> {
            List<SandboxOrder> matching = seller.orders().stream().filter(matches)
                    .sorted(Comparator.comparingLong(o -> o.orderId)).toList();
            return page.of(matching, SandboxOrder::toJson);
        });
    }

    @GetMapping("/orders/{orderId}")
    Map<String, Object> order(HttpServletRequest request, @PathVariable String orderId) {
        SandboxSeller seller = gate.admit(request, "GET /ws/orders/{order_id}");
        long id = SellerApiPaging.intParam("order_id", orderId, 0);
        SandboxOrder order = seller.order(id).orElseThrow(() -> SandboxError.v1(HttpStatus.NOT_FOUND, "not_found",
                "Order not found, or it does not belong to the authenticated merchant."));
        return seller.withLock(order::toJson);
    }

    private static OffsetDateTime date(String name, String value) {
        try {
            return OffsetDateTime.parse(value.trim().replace(' ', '+'));
        } catch (DateTimeParseException e) {
            throw SellerApiPaging.badParameter(name + " must be an RFC 3339 date-time, e.g. 2014-06-24T12:55:57Z");
        }
    }
}
