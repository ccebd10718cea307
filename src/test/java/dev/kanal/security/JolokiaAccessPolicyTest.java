package dev.kanal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.ops.JolokiaAccess;
import dev.kanal.ops.JolokiaAccess.Call;
import dev.kanal.ops.JolokiaAccess.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Jolokia requests an operator may make, and how changing ones are named in the audit. */
class JolokiaAccessPolicyTest {

    private static final String DLQ = "org.apache.activemq.artemis:broker=\"localhost\",component=addresses,"
            + "address=\"kanal.orders.accepted.dlq\",subcomponent=queues,routing-type=\"anycast\",queue=\"kanal.orders.accepted.dlq\"";
    private static final String CAMEL = "org.apache.camel:context=kanal,type=context,name=\"kanal\"";

    @Test
    void operatorsReadAndReplayDeadLetters() {
        assertThat(JolokiaAccess.required(call("read", DLQ, null))).isEqualTo(Role.OPERATOR);
        assertThat(JolokiaAccess.required(call("list", null, null))).isEqualTo(Role.OPERATOR);
        assertThat(JolokiaAccess.required(call("search", "org.apache.camel:*", null))).isEqualTo(Role.OPERATOR);
        assertThat(JolokiaAccess.required(call("version", null, null))).isEqualTo(Role.OPERATOR);
        assertThat(JolokiaAccess.required(call("exec", DLQ, "retryMessage"))).isEqualTo(Role.OPERATOR);
        assertThat(JolokiaAccess.required(call("exec", DLQ, "retryMessages"))).isEqualTo(Role.OPERATOR);
        // what Hawtio reads through operations
        assertThat(JolokiaAccess.required(call("exec", DLQ, "browse"))).isEqualTo(Role.OPERATOR);
        assertThat(JolokiaAccess.required(call("exec", DLQ, "countMessages"))).isEqualTo(Role.OPERATOR);
        assertThat(JolokiaAccess.required(call("exec", DLQ, "listMessagesAsJSON"))).isEqualTo(Role.OPERATOR);
        assertThat(JolokiaAccess.required(call("exec", CAMEL, "dumpRoutesAsXml"))).isEqualTo(Role.OPERATOR);
        assertThat(JolokiaAccess.required(call("exec", "hawtio:type=security,name=RBACRegistry", "list"))).isEqualTo(Role.OPERATOR);
    }

    @Test
    void everyOtherChangeIsTheAdmins() {
        assertThat(JolokiaAccess.required(call("exec", DLQ, "removeMessage"))).isEqualTo(Role.ADMIN);
        assertThat(JolokiaAccess.required(call("exec", DLQ, "removeAllMessages"))).isEqualTo(Role.ADMIN);
        assertThat(JolokiaAccess.required(call("exec", DLQ, "moveMessages"))).isEqualTo(Role.ADMIN);
        assertThat(JolokiaAccess.required(call("exec", DLQ, "sendMessage"))).isEqualTo(Role.ADMIN);
        assertThat(JolokiaAccess.required(call("exec", CAMEL, "stop"))).isEqualTo(Role.ADMIN);
        assertThat(JolokiaAccess.required(call("write", CAMEL, null))).isEqualTo(Role.ADMIN);
        assertThat(JolokiaAccess.required(call("exec", "com.sun.management:type=HotSpotDiagnostic", "dumpHeap")))
                .as("dump is a read on Camel's MBeans only").isEqualTo(Role.ADMIN);
        assertThat(JolokiaAccess.required(call("exec", "java.lang:type=Memory", "gc"))).isEqualTo(Role.ADMIN);
        assertThat(JolokiaAccess.required(call("exec", DLQ, "listen"))).as("a verb must end the word").isEqualTo(Role.ADMIN);
        assertThat(JolokiaAccess.required(call("exec", "org.example:type=x", "retryMessages")))
                .as("replay only on the broker's queues").isEqualTo(Role.ADMIN);
        assertThat(JolokiaAccess.required(call("notification", null, null))).isEqualTo(Role.ADMIN);
    }

    @Test
    void readsABulkPostWithSignaturesAndArguments() throws IOException {
        List<Call> calls = JolokiaAccess.parse(("""
                [{"type":"READ","mbean":"java.lang:type=Memory","attribute":"HeapMemoryUsage"},
                 {"type":"exec","mbean":%s,"operation":"retryMessage(long)","arguments":[17]}]"""
                .formatted(quoted(DLQ))).getBytes(StandardCharsets.UTF_8));
        assertThat(calls).extracting(Call::type).containsExactly("read", "exec");
        assertThat(calls.get(1).operation()).isEqualTo("retryMessage");
        assertThat(calls.get(1).arguments()).containsExactly("17");

        assertThat(JolokiaAccess.audited(calls.get(0))).isFalse();
        assertThat(JolokiaAccess.audited(calls.get(1))).isTrue();
        JolokiaAccess.Described replay = JolokiaAccess.describe(calls.get(1));
        assertThat(replay.action()).isEqualTo("messages.replay");
        assertThat(replay.target()).isEqualTo("queue kanal.orders.accepted.dlq message 17");
        assertThat(replay.detail()).endsWith("retryMessage(17)");

        assertThat(JolokiaAccess.describe(call("exec", DLQ, "removeAllMessages")).action()).isEqualTo("messages.delete");
        assertThat(JolokiaAccess.describe(call("exec", CAMEL, "stop")).target()).isEqualTo(CAMEL);
    }

    @Test
    void refusesWhatIsNotAJolokiaRequest() {
        assertThatThrownBy(() -> JolokiaAccess.parse("\"exec\"".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JolokiaAccess.parse("[1]".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JolokiaAccess.parse("{".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
    }

    @Test
    void getPathsNameTheirType() {
        assertThat(JolokiaAccess.typeOfPath("/exec/java.lang:type=Memory/gc")).isEqualTo("exec");
        assertThat(JolokiaAccess.typeOfPath("/READ/java.lang:type=Memory")).isEqualTo("read");
        assertThat(JolokiaAccess.typeOfPath("")).isEqualTo("version");
        assertThat(JolokiaAccess.typeOfPath("/")).isEqualTo("version");
    }

    private static Call call(String type, String mbean, String operation) {
        return new Call(type, mbean, operation, List.of());
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\"", "\\\"") + "\"";
    }
}
