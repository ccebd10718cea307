package dev.kanal.support;

/**
 * Marks an exception that the same message causes every time: malformed input, a client or
 * account no configuration names, an order id that names no order, a refusal the other side
 * documents as final. Retrying cannot help, so a hop that fails with one is not redelivered:
 * {@code routes/configuration/errors.camel.yaml} parks the message in the hop's dead-letter queue
 * on its first delivery, with the reason (docs/decisions/0016).
 *
 * <p>Camel matches this type anywhere in the exception's cause chain, so never use a permanent
 * failure as the cause of a transient one (a timeout, a channel that is down): the transient one
 * would then be quarantined at once too. The other way round is right: a permanent failure
 * wrapping, say, a JSON parse error is permanent.
 */
public interface PermanentFailure {
}
