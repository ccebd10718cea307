package dev.kanal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which role a Jolokia request needs, and how an audited one is named. Operators read everything
 * and replay dead letters; every other change made through Jolokia (deleting or moving messages,
 * stopping routes, writing attributes, any other operation) is the admin's.
 *
 * <p>Hawtio also reads through operations ({@code list()}, {@code dumpRoutesAsXml()},
 * {@code browse()}, {@code countMessages()}, ...): an operation counts as a read when its name
 * starts with one of the read verbs below followed by an upper-case letter or nothing.
 * {@code dump...} counts only on Camel's MBeans, where it renders routes and statistics;
 * elsewhere (the JVM's {@code dumpHeap}) it writes files.
 */
public final class JolokiaAccess {

    public enum Role { OPERATOR, ADMIN }

    /**
     * One request of a Jolokia call (a POST body holds one or a list).
     *
     * @param type      read, write, exec, list, search, version, ... (lower case)
     * @param mbean     the MBean's object name, null for types without one
     * @param operation the operation's name without a signature ({@code retryMessage}, not {@code retryMessage(long)})
     * @param arguments the operation's arguments as JSON text
     */
    public record Call(String type, String mbean, String operation, List<String> arguments) {
    }

    /** What an audited call did: the audit's action and target, and the operation with its arguments. */
    public record Described(String action, String target, String detail) {
    }

    private static final Set<String> READ_TYPES = Set.of("read", "list", "search", "version");
    private static final Set<String> READ_VERBS = Set.of("list", "browse", "count", "get", "is", "can", "has");
    private static final Set<String> REPLAY = Set.of("retryMessage", "retryMessages");
    private static final Set<String> DELETE = Set.of("removeMessage", "removeMessages", "removeAllMessages");
    private static final Set<String> MOVE = Set.of("moveMessage", "moveMessages");
    private static final String ARTEMIS = "org.apache.activemq.artemis";
    private static final String CAMEL = "org.apache.camel";
    private static final Pattern QUEUE_KEY = Pattern.compile("[,:]queue=\"?([^\",]+)\"?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private JolokiaAccess() {
    }

    /** The requests of a POST body (one object or a list of them). */
    public static List<Call> parse(byte[] body) throws IOException {
        JsonNode root = JSON.readTree(body);
        if (root == null || !(root.isObject() || root.isArray())) {
            throw new IOException("A Jolokia request is a JSON object or a list of them");
        }
        List<Call> calls = new ArrayList<>();
        for (JsonNode request : root.isArray() ? root : List.of(root)) {
            if (!request.isObject()) {
                throw new IOException("A Jolokia request is a JSON object, not " + request.getNodeType());
            }
            String operation = request.path("operation").asText(null);
            if (operation != null && operation.indexOf('(') >= 0) {
                operation = operation.substring(0, operation.indexOf('('));
            }
            List<String> arguments = new ArrayList<>();
            request.path("arguments").forEach(a -> arguments.add(a.isTextual() ? a.asText() : a.toString()));
            calls.add(new Call(request.path("type").asText("").toLowerCase(Locale.ROOT),
                    request.path("mbean").asText(null), operation, List.copyOf(arguments)));
        }
        return calls;
    }

    /** The type of a GET request from its path after the Jolokia base ({@code /exec/...}, {@code /read/...}; empty is version). */
    public static String typeOfPath(String path) {
        String p = path == null ? "" : path.replaceFirst("^/+", "");
        int slash = p.indexOf('/');
        String type = (slash < 0 ? p : p.substring(0, slash)).toLowerCase(Locale.ROOT);
        return type.isEmpty() ? "version" : type;
    }

    public static Role required(Call call) {
        if (READ_TYPES.contains(call.type()) || "exec".equals(call.type()) && isRead(call)) {
            return Role.OPERATOR;
        }
        if ("exec".equals(call.type()) && isArtemis(call) && REPLAY.contains(call.operation())) {
            return Role.OPERATOR;
        }
        return Role.ADMIN;
    }

    /** Whether the call changes something and so goes into the operator audit: every write, every exec that is not a read. */
    public static boolean audited(Call call) {
        return "write".equals(call.type()) || "exec".equals(call.type()) && !isRead(call);
    }

    public static Described describe(Call call) {
        String action;
        if ("write".equals(call.type())) {
            action = "jolokia.write";
        } else if (isArtemis(call) && REPLAY.contains(call.operation())) {
            action = "messages.replay";
        } else if (isArtemis(call) && DELETE.contains(call.operation())) {
            action = "messages.delete";
        } else if (isArtemis(call) && MOVE.contains(call.operation())) {
            action = "messages.move";
        } else {
            action = "jolokia.exec";
        }
        String mbean = call.mbean() == null ? "" : call.mbean();
        Matcher queue = QUEUE_KEY.matcher(mbean);
        String target;
        if (isArtemis(call) && queue.find()) {
            target = "queue " + queue.group(1);
            boolean oneMessage = "retryMessage".equals(call.operation()) || "removeMessage".equals(call.operation())
                    || "moveMessage".equals(call.operation());
            if (oneMessage && !call.arguments().isEmpty()) {
                target += " message " + call.arguments().get(0);
            }
        } else {
            target = mbean;
        }
        String detail = mbean + " " + (call.operation() == null ? call.type() : call.operation())
                + "(" + String.join(", ", call.arguments()) + ")";
        return new Described(action, target, detail);
    }

    private static boolean isRead(Call call) {
        String op = call.operation();
        if (op == null) {
            return false;
        }
        for (String verb : READ_VERBS) {
            if (startsWithVerb(op, verb)) {
                return true;
            }
        }
        return startsWithVerb(op, "dump") && domain(call).equals(CAMEL);
    }

    private static boolean startsWithVerb(String operation, String verb) {
        return operation.startsWith(verb)
                && (operation.length() == verb.length() || Character.isUpperCase(operation.charAt(verb.length())));
    }

    private static boolean isArtemis(Call call) {
        return domain(call).equals(ARTEMIS);
    }

    private static String domain(Call call) {
        String mbean = call.mbean();
        int colon = mbean == null ? -1 : mbean.indexOf(':');
        return colon < 0 ? "" : mbean.substring(0, colon);
    }
}
