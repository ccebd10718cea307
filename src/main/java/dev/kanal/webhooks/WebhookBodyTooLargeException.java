package dev.kanal.webhooks;

import java.io.IOException;

/** A webhook body went past {@code kanal.webhooks.max-body-size} while it was read; reading stopped there. */
public class WebhookBodyTooLargeException extends IOException {

    private final long limit;

    public WebhookBodyTooLargeException(long limit) {
        super("webhook body larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
