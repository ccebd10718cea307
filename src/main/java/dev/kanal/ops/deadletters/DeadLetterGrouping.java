package dev.kanal.ops.deadletters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Groups dead letters by cause: queue, exception class and normalised message. Messages that
 * differ only in an order number, a message id, a time or a UUID fall into one group; messages
 * that name a different SKU or status in quotes do not, because fixing one mapping does not fix
 * the other. Plain Java: the grouping is unit-tested without a broker.
 */
public final class DeadLetterGrouping {

    /** The error class of a message the broker parked itself (no Kanal error headers). */
    public static final String NO_ERROR = "(no error recorded)";

    private static final int MAX_REASON = 300;
    // order matters: whole tokens first (UUIDs, Camel exchange ids, times), then what is left of numbers
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern EXCHANGE_ID = Pattern.compile("\\b(ID|ID:)[-:]?[0-9A-Za-z]+(?:-[0-9A-Za-z]+)+");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern HEX = Pattern.compile("\\b(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{12,}\\b");
    /** A number standing alone; an HTTP status stays (a 503 and a 400 are different causes). */
    private static final Pattern NUMBER = Pattern.compile("(?<!HTTP )(?<![Ss]tatus )(?<![\\w-])\\d+(?:[.,]\\d+)?(?![\\w-])");
    /** A quoted value ('…' or "…"): it names the cause (a SKU, a status), so it stays as it is. */
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private DeadLetterGrouping() {
    }

    /** The message with what varies between occurrences of one cause replaced by placeholders. */
    public static String normalise(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        String text = UUID.matcher(SPACES.matcher(message.strip()).replaceAll(" ")).replaceAll("<uuid>");
        StringBuilder normalised = new StringBuilder();
        Matcher quoted = QUOTED.matcher(text);
        int from = 0;
        while (quoted.find()) {
            normalised.append(unquoted(text.substring(from, quoted.start()))).append(quoted.group());
            from = quoted.end();
        }
        normalised.append(unquoted(text.substring(from)));
        String reason = normalised.toString();
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }

    private static String unquoted(String text) {
        text = EXCHANGE_ID.matcher(text).replaceAll("<id>");
        text = TIMESTAMP.matcher(text).replaceAll("<time>");
        text = HEX.matcher(text).replaceAll("<hex>");
        return NUMBER.matcher(text).replaceAll("<n>");
    }

    /** A short id of one cause, the same wherever and whenever it is computed. */
    public static String groupId(String queue, String errorClass, String reason) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((queue + "\n" + errorClass + "\n" + reason).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The id of the group this dead letter belongs to. */
    public static String groupIdOf(DeadLetter letter) {
        String[] cause = cause(letter);
        return groupId(letter.queue(), cause[0], cause[1]);
    }

    /** Error class and normalised reason of one dead letter. */
    private static String[] cause(DeadLetter letter) {
        return letter.errorClass() == null
                ? new String[] {NO_ERROR, "parked by the broker after its delivery attempts"}
                : new String[] {letter.errorClass(), normalise(letter.errorMessage())};
    }

    /** The groups of these dead letters, largest first (then newest). */
    public static List<DeadLetterGroup> group(List<DeadLetter> letters) {
        Map<String, List<DeadLetter>> byCause = new LinkedHashMap<>();
        Map<String, String[]> causes = new LinkedHashMap<>();
        for (DeadLetter letter : letters) {
            String[] cause = cause(letter);
            String id = groupId(letter.queue(), cause[0], cause[1]);
            byCause.computeIfAbsent(id, k -> new ArrayList<>()).add(letter);
            causes.putIfAbsent(id, cause);
        }
        List<DeadLetterGroup> groups = new ArrayList<>();
        byCause.forEach((id, members) -> {
            members.sort(Comparator.comparing(DeadLetterGrouping::seen));
            DeadLetter newest = members.get(members.size() - 1);
            TreeSet<String> clients = new TreeSet<>();
            members.stream().map(DeadLetter::client).filter(c -> c != null && !c.isBlank()).forEach(clients::add);
            groups.add(new DeadLetterGroup(id, newest.queue(), newest.originalQueue(), causes.get(id)[0], causes.get(id)[1],
                    members.size(), seen(members.get(0)), seen(newest), clients, newest,
                    members.stream().map(DeadLetter::messageId).toList()));
        });
        groups.sort(Comparator.comparingInt(DeadLetterGroup::count).reversed()
                .thenComparing(DeadLetterGroup::lastSeen, Comparator.reverseOrder()));
        return groups;
    }

    private static Instant seen(DeadLetter letter) {
        return letter.failedAt() == null ? Instant.EPOCH : letter.failedAt();
    }
}
