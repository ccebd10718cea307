package dev.kanal.inventory.serialized;

/**
 * A row that was not imported, and why.
 *
 * @param line   the row's {@link SerializedItemRow#line()}: file line, or JSON array index
 * @param serial the row's serial as given (null when it had none or could not be read)
 * @param reason what is wrong, in words a person can act on
 */
public record RowProblem(int line, String serial, String reason) {
}
