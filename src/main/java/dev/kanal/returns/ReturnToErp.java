package dev.kanal.returns;

import dev.kanal.changes.OrderChangeHandler;
import dev.kanal.orders.OrderChange;

/**
 * The order-changes hop's handler of a return (RETURN, to the ERP): the change's key is the return
 * key, and {@link Returns#apply} does the rest (the ERP's return document, looked up first; the
 * units; the stock rule). {@link Returns#apply} keeps its own transactions (the gateway is slow
 * and its refusal is recorded on the return) and leaves a return no longer OPEN alone.
 */
public class ReturnToErp implements OrderChangeHandler {

    private final Returns returns;

    public ReturnToErp(Returns returns) {
        this.returns = returns;
    }

    @Override
    public OrderChange.Direction direction() {
        return OrderChange.Direction.TO_ERP;
    }

    @Override
    public OrderChange.Kind kind() {
        return OrderChange.Kind.RETURN;
    }

    @Override
    public boolean ownTransactions() {
        return true;
    }

    @Override
    public String apply(OrderChange change) {
        long returnId = returns.returnOf(change.orderId(), change.changeKey());
        return "return " + returnId + ": " + returns.apply(returnId);
    }
}
