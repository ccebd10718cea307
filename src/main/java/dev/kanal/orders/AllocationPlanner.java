package dev.kanal.orders;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides where the lines of one order are allocated from, given what each fulfilment centre
 * has available for the order's channel account. Pure: the {@link OrderAllocator} reads the
 * stock under its locks and writes the plan.
 *
 * <p>Rules, per line, in line order (earlier lines of the order use stock first):
 * <ul>
 * <li>the highest-priority centre that can give the whole line gets it;</li>
 * <li>when none can and the account allows splitting, centres give what they have in priority
 *     order;</li>
 * <li>otherwise the centre with the most units (priority breaks ties) gives what it has, and
 *     the rest is missing: the order is oversold;</li>
 * <li>when the account refuses oversold lines, a channel line that cannot be given in full gets
 *     nothing at all (every line it expanded into, for a bundle), since the channel refuses a
 *     line as a whole.</li>
 * </ul>
 * A line mapped to a variation can take only what both its SKU and its variation have left in a
 * centre, so SKU-level and variation-level orders cannot together take one unit twice.
 */
public final class AllocationPlanner {

    /** Units a centre can still give: counted for the account, minus open allocations. */
    public record Stock(long warehouseId, int priority, int available) {
    }

    /**
     * One order line to allocate.
     *
     * @param group lines refused together on the channel (the channel line id, or the line id)
     */
    public record Line(long lineId, String group, long skuId, Long variationId, int quantity) {
    }

    public record Take(long warehouseId, int quantity) {
    }

    public record LinePlan(Line line, List<Take> takes, int missing) {
        public int allocated() {
            return line.quantity() - missing;
        }
    }

    private AllocationPlanner() {
    }

    /**
     * @param skuStock       per SKU: every centre of the account with its available units
     * @param variationStock per variation: available units by centre (only for lines mapped to variations)
     */
    public static List<LinePlan> plan(List<Line> lines, Map<Long, List<Stock>> skuStock,
            Map<Long, Map<Long, Integer>> variationStock, boolean split, boolean refuseOversold) {
        Map<Long, Map<Long, Integer>> skuLeft = new HashMap<>();
        Map<Long, List<Stock>> centres = new HashMap<>();
        skuStock.forEach((sku, stock) -> {
            List<Stock> ordered = new ArrayList<>(stock);
            ordered.sort(Comparator.comparingInt(Stock::priority).thenComparingLong(Stock::warehouseId));
            centres.put(sku, ordered);
            Map<Long, Integer> left = new HashMap<>();
            ordered.forEach(s -> left.merge(s.warehouseId(), Math.max(0, s.available()), Integer::sum));
            skuLeft.put(sku, left);
        });
        Map<Long, Map<Long, Integer>> variationLeft = new HashMap<>();
        variationStock.forEach((variation, byCentre) -> variationLeft.put(variation, new HashMap<>(byCentre)));

        Map<String, List<Line>> groups = new LinkedHashMap<>();
        for (Line line : lines) {
            groups.computeIfAbsent(line.group(), g -> new ArrayList<>()).add(line);
        }
        Map<Long, LinePlan> plans = new HashMap<>();
        for (List<Line> group : groups.values()) {
            List<LinePlan> planned = new ArrayList<>();
            for (Line line : group) {
                LinePlan plan = planLine(line, centres.getOrDefault(line.skuId(), List.of()), skuLeft, variationLeft,
                        split, refuseOversold);
                take(plan, skuLeft, variationLeft, -1);
                planned.add(plan);
            }
            boolean incomplete = planned.stream().anyMatch(p -> p.missing() > 0);
            if (incomplete && refuseOversold) {
                for (LinePlan plan : planned) {
                    take(plan, skuLeft, variationLeft, +1); // give the units back: the channel line is refused whole
                    plans.put(plan.line().lineId(), new LinePlan(plan.line(), List.of(), plan.line().quantity()));
                }
            } else {
                planned.forEach(p -> plans.put(p.line().lineId(), p));
            }
        }
        return lines.stream().map(l -> plans.get(l.lineId())).toList();
    }

    private static LinePlan planLine(Line line, List<Stock> centres, Map<Long, Map<Long, Integer>> skuLeft,
            Map<Long, Map<Long, Integer>> variationLeft, boolean split, boolean refuseOversold) {
        int quantity = line.quantity();
        Map<Long, Integer> available = new LinkedHashMap<>();
        for (Stock centre : centres) {
            int units = skuLeft.get(line.skuId()).getOrDefault(centre.warehouseId(), 0);
            if (line.variationId() != null) {
                units = Math.min(units, variationLeft.getOrDefault(line.variationId(), Map.of())
                        .getOrDefault(centre.warehouseId(), 0));
            }
            available.put(centre.warehouseId(), Math.max(0, units));
        }
        for (Map.Entry<Long, Integer> centre : available.entrySet()) {
            if (centre.getValue() >= quantity) {
                return new LinePlan(line, List.of(new Take(centre.getKey(), quantity)), 0);
            }
        }
        int total = available.values().stream().mapToInt(Integer::intValue).sum();
        if (refuseOversold && !(split && total >= quantity)) {
            return new LinePlan(line, List.of(), quantity);
        }
        List<Take> takes = new ArrayList<>();
        int wanted = quantity;
        if (split) {
            for (Map.Entry<Long, Integer> centre : available.entrySet()) {
                int units = Math.min(wanted, centre.getValue());
                if (units > 0) {
                    takes.add(new Take(centre.getKey(), units));
                    wanted -= units;
                }
            }
        } else {
            Map.Entry<Long, Integer> most = null;
            for (Map.Entry<Long, Integer> centre : available.entrySet()) {
                if (most == null || centre.getValue() > most.getValue()) {
                    most = centre;
                }
            }
            if (most != null && most.getValue() > 0) {
                takes.add(new Take(most.getKey(), most.getValue()));
                wanted -= most.getValue();
            }
        }
        return new LinePlan(line, List.copyOf(takes), wanted);
    }

    /** Applies a plan's takes to what is left: sign -1 takes the units, +1 gives them back. */
    private static void take(LinePlan plan, Map<Long, Map<Long, Integer>> skuLeft,
            Map<Long, Map<Long, Integer>> variationLeft, int sign) {
        for (Take take : plan.takes()) {
            skuLeft.computeIfAbsent(plan.line().skuId(), s -> new HashMap<>())
                    .merge(take.warehouseId(), sign * take.quantity(), Integer::sum);
            if (plan.line().variationId() != null) {
                variationLeft.computeIfAbsent(plan.line().variationId(), v -> new HashMap<>())
                        .merge(take.warehouseId(), sign * take.quantity(), Integer::sum);
            }
        }
    }
}
