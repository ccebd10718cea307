package dev.kanal.console;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.ops.OperatorAudit;
import dev.kanal.ops.deadletters.DeadLetterGroup;
import dev.kanal.ops.deadletters.DeadLetters;
import dev.kanal.ops.overview.AccountOverview;
import dev.kanal.ops.overview.Overview;
import dev.kanal.ops.timeline.OrderTimeline;
import dev.kanal.stock.AccountPreview;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ListingImportJobs;
import dev.kanal.stock.QuantityBreakdown;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Kanal's console (docs/decisions/0033): server-rendered pages over what the admin API offers.
 * The pages only read; every action on them (map a listing, release held orders, replay or
 * delete a dead-letter group) is a call of the admin API from the page, with the session's CSRF
 * token, so it takes the same role check and leaves the same audit row as a script's call.
 */
@Controller
class ConsoleController {

    private final ClientRegistry clients;
    private final Overview overview;
    private final DeadLetters deadLetters;
    private final OrderTimeline timeline;
    private final QuantityBreakdown breakdown;
    private final OperatorAudit audit;
    private final ConsoleQueries queries;
    private final AccountPreview preview;
    private final ListingImportJobs importJobs;
    private static final int PREVIEW_ROWS = 200;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT);

    ConsoleController(ClientRegistry clients, Overview overview, DeadLetters deadLetters, OrderTimeline timeline,
                      QuantityBreakdown breakdown, OperatorAudit audit, JdbcTemplate jdbc, AccountPreview preview,
                      ListingImportJobs importJobs) {
        this.preview = preview;
        this.importJobs = importJobs;
        this.clients = clients;
        this.overview = overview;
        this.deadLetters = deadLetters;
        this.timeline = timeline;
        this.breakdown = breakdown;
        this.audit = audit;
        this.queries = new ConsoleQueries(jdbc);
    }

    /** What every page's header needs: the user, what they may do, the clients to choose from. */
    @ModelAttribute
    void common(Model model, Authentication user) {
        model.addAttribute("user", user == null ? "" : user.getName());
        model.addAttribute("canOperate", hasRole(user, "ROLE_OPERATOR"));
        model.addAttribute("canAdmin", hasRole(user, "ROLE_ADMIN"));
        model.addAttribute("clients", clients.all().stream().map(ClientConfig::id).toList());
    }

    @GetMapping("/")
    String overview(Model model) {
        Overview.Snapshot snapshot = overview.current();
        Map<String, List<AccountOverview>> byClient = snapshot.accounts().stream()
                .collect(Collectors.groupingBy(AccountOverview::client, LinkedHashMap::new, Collectors.toList()));
        List<DeadLetterGroup> groups = deadLetters.groups();
        Map<String, Integer> deadLettersByClient = new LinkedHashMap<>();
        int unattributed = 0;
        for (DeadLetterGroup group : groups) {
            if (group.clients().isEmpty()) {
                unattributed += group.count();
            }
            group.clients().forEach(c -> deadLettersByClient.merge(c, group.count(), Integer::sum));
        }
        model.addAttribute("page", "overview");
        model.addAttribute("at", snapshot.at());
        model.addAttribute("accountsByClient", byClient);
        model.addAttribute("deadLettersByClient", deadLettersByClient);
        model.addAttribute("deadLetterGroups", groups.size());
        model.addAttribute("deadLettersTotal", groups.stream().mapToInt(DeadLetterGroup::count).sum());
        model.addAttribute("deadLettersUnattributed", unattributed);
        return "console/overview";
    }

    @GetMapping("/console/listings")
    String listings(@RequestParam(required = false) String client, @RequestParam(required = false) String account,
                    @RequestParam(defaultValue = "false") boolean unmapped, @RequestParam(required = false) Long listing,
                    Model model) {
        String chosen = chosenClient(client);
        model.addAttribute("page", "listings");
        model.addAttribute("client", chosen);
        model.addAttribute("account", blankToNull(account));
        model.addAttribute("unmapped", unmapped);
        model.addAttribute("accounts", accountsOf(chosen));
        model.addAttribute("listings", chosen == null ? List.of() : queries.listings(chosen, blankToNull(account), unmapped));
        if (listing != null && chosen != null && queries.listingOf(chosen, listing)) {
            model.addAttribute("explanation", breakdown.explain(listing));
        }
        // what a push would send to the chosen account (its dry-run preview; decision 0036)
        model.addAttribute("preview", chosen == null || blankToNull(account) == null ? null
                : preview.of(new AccountRef(chosen, account), PREVIEW_ROWS));
        List<ListingImportJobs.Job> jobs = chosen == null ? List.of() : importJobs.recent(chosen);
        model.addAttribute("importJobs", jobs.stream().limit(5).toList());
        model.addAttribute("importRunning", jobs.stream().anyMatch(j -> "running".equals(j.state())));
        model.addAttribute("modes", chosen == null ? Map.of() : clients.require(chosen).channelAccounts().stream()
                .collect(Collectors.toMap(a -> a.id(), a -> a.live() ? "live" : "dry-run", (a, b) -> a, LinkedHashMap::new)));
        // which accounts take products from the source (products-out; decision 0040): those get an offer form
        model.addAttribute("productsOut", chosen == null ? Map.of() : clients.require(chosen).channelAccounts().stream()
                .collect(Collectors.toMap(a -> a.id(), a -> a.productsOut().name().toLowerCase(), (a, b) -> a, LinkedHashMap::new)));
        model.addAttribute("reloads", audit.newest(null, 200).stream()
                .filter(row -> "clients.reload".equals(String.valueOf(row.get("action")))).limit(5).toList());
        model.addAttribute("clientsFolder", clients.folder() == null ? "" : clients.folder().toString());
        return "console/listings";
    }

    @GetMapping("/console/orders")
    String orders(@RequestParam(required = false) String client, @RequestParam(required = false) String status,
                  @RequestParam(required = false) String account, @RequestParam(required = false) String reason,
                  Model model) {
        String chosen = chosenClient(client);
        model.addAttribute("page", "orders");
        model.addAttribute("client", chosen);
        model.addAttribute("status", blankToNull(status));
        model.addAttribute("account", blankToNull(account));
        model.addAttribute("reason", blankToNull(reason));
        model.addAttribute("accounts", accountsOf(chosen));
        model.addAttribute("statuses", List.of("RECEIVED", "HELD", "ACCEPTED", "AWAITING_PAYMENT", "IN_ERP", "SHIPPED",
                "DELIVERED", "REFUSED", "CANCELLED"));
        model.addAttribute("orders", chosen == null ? List.of()
                : queries.orders(chosen, blankToNull(status), blankToNull(account), blankToNull(reason)));
        model.addAttribute("heldReasons", chosen == null ? List.of() : queries.heldReasons(chosen));
        return "console/orders";
    }

    @GetMapping("/console/orders/{client}/{orderId}")
    String order(@PathVariable String client, @PathVariable long orderId, Model model) throws Exception {
        OrderTimeline.Timeline found = timeline.of(client, orderId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "Client " + client + " has no order " + orderId));
        model.addAttribute("page", "orders");
        model.addAttribute("client", client);
        model.addAttribute("timeline", found);
        model.addAttribute("payload", found.channelPayload() == null ? "" : json.writeValueAsString(found.channelPayload()));
        return "console/order";
    }

    @GetMapping("/console/dead-letters")
    String deadLetters(Model model) {
        model.addAttribute("page", "dead-letters");
        model.addAttribute("broker", deadLetters.brokerKind());
        model.addAttribute("depths", deadLetters.depths());
        model.addAttribute("groups", deadLetters.groups());
        model.addAttribute("readLimit", deadLetters.readLimit());
        model.addAttribute("actions", audit.newest(null, 200).stream()
                .filter(row -> String.valueOf(row.get("action")).startsWith("dead-letters.")).limit(20).toList());
        return "console/dead-letters";
    }

    private String chosenClient(String client) {
        if (client != null && !client.isBlank()) {
            clients.require(client); // an unknown client is an error page, not an empty one
            return client;
        }
        return clients.all().isEmpty() ? null : clients.all().get(0).id();
    }

    private List<String> accountsOf(String client) {
        return client == null ? List.of()
                : clients.require(client).channelAccounts().stream().map(a -> a.id()).toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static boolean hasRole(Authentication user, String role) {
        return user != null && user.getAuthorities().stream().anyMatch(a -> role.equals(a.getAuthority()));
    }
}
