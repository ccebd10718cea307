package dev.kanal.stock;

/** A channel account by its client code and account code, as in the client file. */
public record AccountRef(String client, String account) {
}
