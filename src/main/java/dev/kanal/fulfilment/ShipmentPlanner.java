package dev.kanal.fulfilment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ShipmentRecorder}'s decisions without SQL: which order lines a shipment's units go on,
 * with which serials, which OPEN allocations they consume (decisions 0018 and 0020), and whether
 * the order is then shipped in full.
 * <ul>
 *   <li>Units go on the order's lines of their SKU in line order, each up to what it has not
 *       shipped yet; more than the order holds is a note, not a line.</li>
 *   <li>A shipment the ERP issued (source ERP) consumes its units' allocations: the serials'
 *       allocations first, then the oldest; an allocation of more units is split. It first
 *       settles units of the same SKU shipped earlier outside the ERP (awaiting the ERP): those
 *       are already on the channel, their allocations are consumed now.</li>
 *   <li>A shipment from a shipping tool (source ADMIN) has no ERP document: the ERP stock has not
 *       fallen, so its units' allocations stay OPEN and the units await the ERP's document. Only
 *       a shipped serial Kanal tracks consumes its allocation at once (the unit leaves Kanal's own
 *       count as it moves to sold).</li>
 *   <li>A shipment a source shop made (source SHOP, decision 0044): the shop's stock fell when it
 *       took the order and Kanal consumed the allocations then; any allocation still OPEN is
 *       consumed as an ERP document's would be, nothing awaits an ERP.</li>
 *   <li>No lines named (sources ADMIN and SHOP): every unit the order has not shipped yet.</li>
 * </ul>
 */
final class ShipmentPlanner {

    private ShipmentPlanner() {
    }

    /** An order line as it stands: {@code awaitingErp} of its shipped units still hold their allocation. */
    record OrderLine(long id, String sku, int quantity, int missing, int shipped, int awaitingErp) {
        int unshipped() {
            return Math.max(0, quantity - missing - shipped);
        }
    }

    /** An OPEN allocation of an order line; {@code serial} is its serialized item's, if any. */
    record OpenAllocation(long id, int quantity, String serial) {
    }

    record Shipped(String sku, int quantity, List<String> serials) {
    }

    /** {@code units} of allocation {@code allocationId} consumed: all of it when {@code whole}, else split off. */
    record Consume(long allocationId, int units, boolean whole) {
    }

    /** Units of an order line this shipment carries; {@code awaitingErp} of them keep their allocation OPEN. */
    record LinePlan(long orderLineId, String sku, int units, List<String> serials, List<Consume> consumed, int awaitingErp) {
    }

    /** Units shipped earlier outside the ERP that this ERP document now issues. */
    record Settled(long orderLineId, String sku, int units, List<Consume> consumed) {
    }

    record Plan(List<LinePlan> lines, List<Settled> settled, List<String> notes, boolean complete) {
    }

    /** Who shipped: the ERP (an issue document), a shipping tool (no ERP document yet), or a source shop. */
    enum Issuer { ERP, SHIPPING_TOOL, SHOP }

    static Plan plan(boolean fromErp, List<OrderLine> orderLines, Map<Long, List<OpenAllocation>> open, List<Shipped> shipped) {
        return plan(fromErp ? Issuer.ERP : Issuer.SHIPPING_TOOL, orderLines, open, shipped);
    }

    static Plan plan(Issuer issuer, List<OrderLine> orderLines, Map<Long, List<OpenAllocation>> open, List<Shipped> shipped) {
        boolean fromErp = issuer == Issuer.ERP;
        boolean tool = issuer == Issuer.SHIPPING_TOOL;
        Map<Long, List<OpenAllocation>> left = new HashMap<>();
        open.forEach((line, allocations) -> left.put(line, new ArrayList<>(allocations)));
        Map<Long, Integer> shippedNow = new HashMap<>();
        Map<Long, Integer> awaiting = new HashMap<>();
        orderLines.forEach(l -> {
            shippedNow.put(l.id(), l.shipped());
            awaiting.put(l.id(), l.awaitingErp());
        });
        List<Shipped> units = shipped;
        if (units.isEmpty() && !fromErp) {
            units = orderLines.stream().filter(l -> l.sku() != null && l.unshipped() > 0)
                    .map(l -> new Shipped(l.sku(), l.unshipped(), List.of())).toList();
        }
        List<LinePlan> plans = new ArrayList<>();
        List<Settled> settled = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Shipped s : units) {
            int remaining = s.quantity();
            List<String> serials = new ArrayList<>(s.serials());
            if (fromErp) {
                for (OrderLine line : orderLines) {
                    int n = Math.min(remaining, awaiting.get(line.id()));
                    if (n <= 0 || !s.sku().equals(line.sku())) {
                        continue;
                    }
                    remaining -= n;
                    awaiting.merge(line.id(), -n, Integer::sum);
                    settled.add(new Settled(line.id(), line.sku(), n, consume(left.get(line.id()), n, List.of(), false)));
                }
            }
            for (OrderLine line : orderLines) {
                if (remaining <= 0 || line.sku() == null || !line.sku().equals(s.sku())) {
                    continue;
                }
                int n = Math.min(line.quantity() - shippedNow.get(line.id()), remaining);
                if (n <= 0) {
                    continue;
                }
                remaining -= n;
                shippedNow.merge(line.id(), n, Integer::sum);
                List<String> lineSerials = new ArrayList<>(serials.subList(0, Math.min(n, serials.size())));
                serials.subList(0, lineSerials.size()).clear();
                List<OpenAllocation> lineOpen = left.getOrDefault(line.id(), new ArrayList<>());
                List<Consume> consumed = consume(lineOpen, n, lineSerials, tool);
                int stillOpen = lineOpen.stream().mapToInt(OpenAllocation::quantity).sum();
                int waiting = !tool ? 0 : Math.min(n - consumed.stream().mapToInt(Consume::units).sum(),
                        stillOpen - awaiting.get(line.id()));
                waiting = Math.max(0, waiting);
                awaiting.merge(line.id(), waiting, Integer::sum);
                plans.add(new LinePlan(line.id(), line.sku(), n, List.copyOf(lineSerials), consumed, waiting));
            }
            if (remaining > 0) {
                notes.add(remaining + " unit(s) of " + s.sku() + " beyond the order");
            }
        }
        boolean complete = orderLines.stream().allMatch(l -> shippedNow.get(l.id()) >= l.quantity() - l.missing());
        return new Plan(plans, settled, notes, complete);
    }

    /**
     * Takes {@code units} from a line's OPEN allocations (removing or shrinking them in
     * {@code open}): those of {@code serials} first, then the oldest, unless {@code serialsOnly}.
     */
    private static List<Consume> consume(List<OpenAllocation> open, int units, List<String> serials, boolean serialsOnly) {
        List<Consume> consumed = new ArrayList<>();
        if (open == null) {
            return consumed;
        }
        List<OpenAllocation> order = new ArrayList<>(open.stream().filter(a -> a.serial() != null && serials.contains(a.serial())).toList());
        if (!serialsOnly) {
            open.stream().filter(a -> !order.contains(a)).forEach(order::add);
        }
        int left = units;
        for (OpenAllocation allocation : order) {
            if (left <= 0) {
                break;
            }
            int index = open.indexOf(allocation);
            if (allocation.quantity() <= left) {
                consumed.add(new Consume(allocation.id(), allocation.quantity(), true));
                left -= allocation.quantity();
                open.remove(index);
            } else {
                consumed.add(new Consume(allocation.id(), left, false));
                open.set(index, new OpenAllocation(allocation.id(), allocation.quantity() - left, allocation.serial()));
                left = 0;
            }
        }
        return consumed;
    }
}
