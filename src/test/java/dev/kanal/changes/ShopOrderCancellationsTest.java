package dev.kanal.changes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which of the client's orders a shop order's request key names ({@code <client>/<order id>/<reference>}). */
class ShopOrderCancellationsTest {

    @Test
    void aRequestKeyNamesAnOrderOfItsClientOnly() {
        assertThat(ShopOrderCancellations.orderIdIn("shop", "shop/17/bm:900")).isEqualTo(17L);
        assertThat(ShopOrderCancellations.orderIdIn("shop", "shop-2/17/bm:900")).as("another client's").isNull();
        assertThat(ShopOrderCancellations.orderIdIn("shop", "shop/x/bm:900")).isNull();
        assertThat(ShopOrderCancellations.orderIdIn("shop", "shop/17")).isNull();
        assertThat(ShopOrderCancellations.orderIdIn("shop", null)).isNull();
    }
}
