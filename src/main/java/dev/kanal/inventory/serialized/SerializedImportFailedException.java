package dev.kanal.inventory.serialized;

/** A dropped file from which nothing was imported; the drop-folder route moves it to {@code .failed/}. */
public class SerializedImportFailedException extends RuntimeException {

    public SerializedImportFailedException(String message) {
        super(message);
    }
}
