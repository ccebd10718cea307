package dev.kanal.connector.baselinker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.connector.ChannelConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The account's BaseLinker price groups ({@code getInventoryPriceGroups}, no parameters; groups
 * belong to the account, not to one catalog) and the check Kanal makes before it writes prices
 * into one of them (docs/decisions/0050): the group exists, it is a {@code standard} group
 * (BaseLinker calculates the others itself) and it is in the currency of Kanal's prices.
 *
 * <p>The list is read at most once per {@code freshFor} (10 minutes) per account and token, so it
 * costs one call of the account's budget in ten minutes. A list that made Kanal withhold prices is
 * kept only {@code recheckAfter} (1 minute) from when it was read, so a group fixed in BaseLinker
 * is seen within a minute; a fix in the client file is seen at once (the check is made on every
 * push, the list is what is kept). {@link #forget} drops the list when BaseLinker refuses a price
 * call as a whole (a group deleted meanwhile).
 */
class BaseLinkerPriceGroups {

    /** What Kanal needs of one price group. {@code type} is {@code standard} when BaseLinker omits it (older API answers). */
    record PriceGroup(long id, String name, String currency, boolean isDefault, String type, long sourceGroupId) {

        static final String STANDARD = "standard";

        boolean standard() {
            return STANDARD.equals(type);
        }

        String describe() {
            return id + " (" + name + ", " + currency + (isDefault ? ", default" : "") + (standard() ? "" : ", " + type) + ")";
        }
    }

    private record Kept(List<PriceGroup> groups, Instant readAt, Instant until) {
    }

    private final Function<ChannelConnection, List<PriceGroup>> reader;
    private final Clock clock;
    private final Duration freshFor;
    private final Duration recheckAfter;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    BaseLinkerPriceGroups(BaseLinkerHttp http, Clock clock, Duration freshFor, Duration recheckAfter) {
        this(connection -> parse(http.call(connection, "getInventoryPriceGroups", http.json().createObjectNode())), clock,
                freshFor, recheckAfter);
    }

    BaseLinkerPriceGroups(Function<ChannelConnection, List<PriceGroup>> reader, Clock clock, Duration freshFor,
                          Duration recheckAfter) {
        this.reader = reader;
        this.clock = clock;
        this.freshFor = freshFor;
        this.recheckAfter = recheckAfter;
    }

    /**
     * Why prices in {@code currencies} must not be written into the account's group
     * {@code configured}, reading the groups when the kept list is stale; null when they may.
     */
    String problem(ChannelConnection connection, long configured, Collection<String> currencies) {
        String key = key(connection);
        Kept list = kept.get(key);
        Instant now = clock.instant();
        if (list == null || !now.isBefore(list.until())) {
            list = new Kept(reader.apply(connection), now, now.plus(freshFor));
            kept.put(key, list);
        }
        String problem = check(list.groups(), configured, currencies, connection.account());
        if (problem != null) {
            Instant recheck = list.readAt().plus(recheckAfter);
            if (recheck.isBefore(list.until())) {
                kept.put(key, new Kept(list.groups(), list.readAt(), recheck));
            }
        }
        return problem;
    }

    /** The next check reads the groups again. */
    void forget(ChannelConnection connection) {
        kept.remove(key(connection));
    }

    private static String key(ChannelConnection connection) {
        return connection.account() + "|" + connection.baseUrl() + "|" + connection.credentials().get("token");
    }

    /**
     * The plain check: why prices in {@code currencies} must not go into group {@code configured}
     * of these groups, or null. A price without a currency is not compared (a rule always has one).
     */
    static String check(List<PriceGroup> groups, long configured, Collection<String> currencies, String account) {
        PriceGroup group = groups.stream().filter(g -> g.id() == configured).findFirst().orElse(null);
        if (group == null) {
            return "BaseLinker account " + account + " has no price group " + configured + " (its groups: "
                    + (groups.isEmpty() ? "none" : groups.stream().map(PriceGroup::describe).collect(Collectors.joining(", ")))
                    + "); set price-group to a standard group in the rule's currency";
        }
        if (!group.standard()) {
            return "BaseLinker price group " + group.describe() + " of " + account + " is not a standard group: BaseLinker "
                    + "calculates its prices itself" + (group.sourceGroupId() > 0 ? " from group " + group.sourceGroupId() : "")
                    + "; set price-group to a standard group";
        }
        List<String> others = currencies.stream().filter(Objects::nonNull).map(c -> c.toUpperCase(Locale.ROOT))
                .filter(c -> !c.equals(group.currency())).distinct().sorted().toList();
        if (!others.isEmpty()) {
            return "BaseLinker price group " + group.describe() + " of " + account + " is in " + group.currency()
                    + ", but the account's price rule gives prices in " + String.join(", ", others)
                    + "; set price-group to a group in " + String.join(", ", others) + ", or the rule's currency (and rate) to "
                    + group.currency();
        }
        return null;
    }

    /** BaseLinker's answer as groups; an entry without an id is skipped. */
    static List<PriceGroup> parse(JsonNode answer) {
        List<PriceGroup> groups = new ArrayList<>();
        for (JsonNode g : answer.path("price_groups")) {
            if (g.path("price_group_id").asLong(0) <= 0) {
                continue;
            }
            String type = g.path("price_group_type").asText("");
            groups.add(new PriceGroup(g.path("price_group_id").asLong(), g.path("name").asText(""),
                    g.path("currency").asText("").trim().toUpperCase(Locale.ROOT), g.path("is_default").asBoolean(false),
                    type.isBlank() ? PriceGroup.STANDARD : type.trim(), g.path("source_price_group_id").asLong(0)));
        }
        return groups;
    }
}
