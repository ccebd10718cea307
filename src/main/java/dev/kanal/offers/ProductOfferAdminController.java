package dev.kanal.offers;

import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.UnknownClientException;
import dev.kanal.ops.OperatorAction;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API of products out (behind login). {@code POST /admin/clients/{client}/accounts/{account}/offers}
 * with {@code {"skus":["A","B"],"prices":{"A":"129.00"}}} offers those SKUs to the account now
 * ({@code prices} optional: a price named here wins over the account's price rules) and answers
 * one outcome per SKU: CREATED, ALREADY_LISTED, MATCHED, NO_MATCH, REFUSED (with the reason),
 * FAILED (the channel could not be reached: offer again later), or UNKNOWN_SKU. The same request
 * again creates nothing twice. An account with {@code products-out: off} or in dry-run answers
 * 409. {@code GET .../offers[?state=NO_MATCH]} lists the stored outcomes.
 */
@RestController
@RequestMapping("/admin/clients/{client}/accounts/{account}/offers")
class ProductOfferAdminController {

    /** At most this many SKUs per request: each is a channel call or two, made within the request. */
    static final int MAX_SKUS = 100;

    private final ProductOffers offers;
    private final ClientRegistry clients;

    ProductOfferAdminController(ProductOffers offers, ClientRegistry clients) {
        this.offers = offers;
        this.clients = clients;
    }

    /**
     * The request body: SKUs to offer (a list, or one text of SKUs separated by commas or spaces, as
     * the console's form sends them), and optional prices by SKU.
     */
    record OfferRequest(@JsonDeserialize(using = SkuList.class) List<String> skus, Map<String, BigDecimal> prices) {
    }

    /** A JSON array of SKUs, or a text of SKUs separated by commas or white space. */
    static final class SkuList extends com.fasterxml.jackson.databind.JsonDeserializer<List<String>> {
        @Override
        public List<String> deserialize(com.fasterxml.jackson.core.JsonParser p,
                                        com.fasterxml.jackson.databind.DeserializationContext ctxt) throws java.io.IOException {
            com.fasterxml.jackson.databind.JsonNode node = p.readValueAsTree();
            List<String> skus = new ArrayList<>();
            if (node.isArray()) {
                node.forEach(sku -> skus.add(sku.asText()));
            } else if (node.isTextual()) {
                skus.addAll(java.util.Arrays.asList(node.asText().split("[,\\s]+")));
            }
            return skus;
        }
    }

    @PostMapping
    @OperatorAction("products.offer")
    List<OfferReport> offer(@PathVariable String client, @PathVariable String account, @RequestBody OfferRequest request) {
        clients.account(client, account); // an unknown client or account is 404 whatever the body says
        List<String> skus = request == null || request.skus() == null ? List.of()
                : request.skus().stream().filter(s -> s != null && !s.isBlank()).map(String::trim).toList();
        if (skus.isEmpty()) {
            throw new BadInput("skus: name at least one SKU");
        }
        if (skus.size() > MAX_SKUS) {
            throw new BadInput("skus: at most " + MAX_SKUS + " per request, " + skus.size() + " given");
        }
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        if (request.prices() != null) {
            List<String> problems = new ArrayList<>();
            request.prices().forEach((sku, price) -> {
                if (price == null || price.signum() <= 0) {
                    problems.add("prices." + sku + ": must be a positive amount");
                } else {
                    prices.put(sku, price);
                }
            });
            if (!problems.isEmpty()) {
                throw new BadInput(String.join("; ", problems));
            }
        }
        return offers.offer(new AccountRef(client, account), skus, prices, OfferTrigger.OPERATOR);
    }

    @GetMapping
    List<OfferReport> list(@PathVariable String client, @PathVariable String account,
                           @RequestParam(required = false) String state) {
        OfferState wanted = null;
        if (state != null && !state.isBlank()) {
            try {
                wanted = OfferState.valueOf(state.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new BadInput("state: one of " + java.util.Arrays.toString(OfferState.values()));
            }
        }
        return offers.offers(new AccountRef(client, account), wanted);
    }

    @ExceptionHandler({ChannelAccounts.UnknownAccountException.class, UnknownClientException.class})
    ResponseEntity<Map<String, String>> notFound(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(ProductOffers.NotOffered.class)
    ResponseEntity<Map<String, String>> notOffered(ProductOffers.NotOffered e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(BadInput.class)
    ResponseEntity<Map<String, String>> badInput(BadInput e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    static class BadInput extends RuntimeException {
        BadInput(String message) {
            super(message);
        }
    }
}
