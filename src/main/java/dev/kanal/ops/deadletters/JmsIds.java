package dev.kanal.ops.deadletters;

/** JMS message ids as the broker's management spells them: with or without the {@code ID:} prefix. */
final class JmsIds {

    private JmsIds() {
    }

    static String bare(String id) {
        return id.startsWith("ID:") ? id.substring(3) : id;
    }
}
