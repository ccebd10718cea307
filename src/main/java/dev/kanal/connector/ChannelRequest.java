package dev.kanal.connector;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request to a channel (or the ERP gateway), as {@link ChannelHttp} sends it: method, full
 * URI, headers and body. Immutable; {@link #header} answers a copy with one more header.
 *
 * @param body the bytes to send; empty for none
 */
public record ChannelRequest(String method, URI uri, Map<String, String> headers, byte[] body) {

    public ChannelRequest {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body == null ? new byte[0] : body;
    }

    public static ChannelRequest get(URI uri) {
        return new ChannelRequest("GET", uri, Map.of(), null);
    }

    /** A request with a JSON body (Content-Type application/json); {@code json} null: no body. */
    public static ChannelRequest json(String method, URI uri, String json) {
        ChannelRequest request = new ChannelRequest(method, uri, Map.of(), json == null ? null : json.getBytes(StandardCharsets.UTF_8));
        return json == null ? request : request.header("Content-Type", "application/json");
    }

    /** This request with header {@code name} set to {@code value} (replacing an earlier value). */
    public ChannelRequest header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.keySet().removeIf(name::equalsIgnoreCase);
        more.put(name, value);
        return new ChannelRequest(method, uri, more, body);
    }

    /** This request with every header of {@code more} set. */
    public ChannelRequest headers(Map<String, String> more) {
        ChannelRequest request = this;
        for (Map.Entry<String, String> header : more.entrySet()) {
            request = request.header(header.getKey(), header.getValue());
        }
        return request;
    }

    /** "POST /ws/orders/1": method and path, never the query (it may carry a signature) nor a header. */
    public String what() {
        return method + " " + uri.getRawPath();
    }

    @Override
    public String toString() {
        return "ChannelRequest[" + what() + ", " + body.length + " bytes]"; // no headers: they carry credentials
    }
}
