package dev.kanal.stock;

import java.util.Collection;
import org.apache.camel.ProducerTemplate;

/** Sends nudges to channel writers from outside a route (admin calls), through the same route the calculator uses. */
public class StockNudges {

    private final ProducerTemplate producer;

    public StockNudges(ProducerTemplate producer) {
        this.producer = producer;
    }

    public void nudge(Collection<AccountRef> accounts) {
        accounts.forEach(ref -> producer.sendBody("direct:nudge-channel-writer", ref));
    }
}
