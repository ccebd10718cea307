package dev.kanal.ops.deadletters;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.QueueBrowser;
import jakarta.jms.TextMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jms.core.JmsTemplate;

/**
 * Reads a dead-letter queue without taking anything off it: a JMS queue browser, which works the
 * same on the embedded and an external broker. Bodies are shown as text; a serialized Java object
 * is never deserialized (that would run code a message brought).
 */
final class DeadLetterReader {

    private static final int MAX_BODY = 20_000;
    private static final int MAX_HEADER = 2_000;

    private final JmsTemplate jms;
    private final int limit;

    DeadLetterReader(JmsTemplate jms, int limit) {
        this.jms = jms;
        this.limit = limit;
    }

    /** The first {@code limit} messages of the queue, oldest first. */
    List<DeadLetter> read(String queue) {
        List<DeadLetter> letters = jms.browse(queue, (session, browser) -> readAll(queue, browser));
        return letters == null ? List.of() : letters;
    }

    private List<DeadLetter> readAll(String queue, QueueBrowser browser) throws JMSException {
        List<DeadLetter> letters = new ArrayList<>();
        Enumeration<?> messages = browser.getEnumeration();
        while (messages.hasMoreElements() && letters.size() < limit) {
            letters.add(letter(queue, (Message) messages.nextElement()));
        }
        return letters;
    }

    static DeadLetter letter(String queue, Message message) throws JMSException {
        Map<String, String> kanal = new TreeMap<>();
        Map<String, String> other = new TreeMap<>();
        for (String name : Collections.list(castNames(message.getPropertyNames()))) {
            Object value = message.getObjectProperty(name);
            String text = cut(String.valueOf(value), MAX_HEADER);
            (name.startsWith("kanal") ? kanal : other).put(name, text);
        }
        String original = firstOf(message.getStringProperty("_AMQ_ORIG_QUEUE"), message.getStringProperty("_AMQ_ORIG_ADDRESS"));
        Instant failedAt = parse(message.getStringProperty("kanalErrorTime"));
        if (failedAt == null && message.getJMSTimestamp() > 0) {
            failedAt = Instant.ofEpochMilli(message.getJMSTimestamp());
        }
        return new DeadLetter(queue, message.getJMSMessageID(), original, message.getStringProperty("kanalErrorClass"),
                message.getStringProperty("kanalErrorMessage"), failedAt, message.getStringProperty("kanalClient"),
                kanal, other, body(message));
    }

    @SuppressWarnings("unchecked")
    private static Enumeration<String> castNames(Enumeration<?> names) {
        return (Enumeration<String>) names;
    }

    static String body(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return text.getText() == null ? "" : cut(text.getText(), MAX_BODY);
        }
        if (message instanceof BytesMessage bytes) {
            byte[] content = new byte[(int) Math.min(bytes.getBodyLength(), MAX_BODY)];
            bytes.readBytes(content);
            bytes.reset();
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
            } catch (CharacterCodingException binary) {
                return "(" + bytes.getBodyLength() + " bytes, not text)";
            }
        }
        if (message instanceof MapMessage map) {
            Map<String, Object> entries = new TreeMap<>();
            for (String name : Collections.list(castNames(map.getMapNames()))) {
                entries.put(name, map.getObject(name));
            }
            return cut(entries.toString(), MAX_BODY);
        }
        if (message instanceof ObjectMessage) {
            return "(a serialized Java object: not shown, it is never deserialized here)";
        }
        return "";
    }

    private static Instant parse(String time) {
        if (time == null || time.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String firstOf(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "… (" + text.length() + " characters)";
    }
}
