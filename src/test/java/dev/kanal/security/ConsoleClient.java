package dev.kanal.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the security tests reach Kanal: as a browser does (a session cookie from the login form,
 * the CSRF token from the XSRF-TOKEN cookie), as a script does (HTTP Basic), and from a chosen
 * loopback address (raw HTTP over a socket bound to 127.0.0.x), so the login throttle of one
 * test never throttles 127.0.0.1 for the others.
 */
final class ConsoleClient {

    private final String baseUrl;

    ConsoleClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A request with optional Authorization, JSON body and extra headers (name, value, name, value...). */
    HttpResponse<String> send(String method, String path, String authorization, String json, String... headers) throws Exception {
        return send(HttpClient.newHttpClient(), method, path, authorization, json, headers);
    }

    private HttpResponse<String> send(HttpClient client, String method, String path, String authorization, String json,
                                      String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in through the login form, as a browser does; the answer of the form's POST is kept. */
    Session logIn(String user, String password) throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();
        Session session = new Session(client, cookies);
        HttpResponse<String> form = send(client, "GET", "/login", null, null, "Accept", "text/html");
        if (form.statusCode() != 200) {
            throw new IllegalStateException("login page answered " + form.statusCode());
        }
        String body = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(session.csrfToken());
        session.login = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        String location = session.login.headers().firstValue("Location").orElse("");
        if (session.login.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("login as " + user + " failed: " + session.login.statusCode() + " " + location);
        }
        return session;
    }

    /** A logged-in browser: its cookies go with every request; the CSRF token only when asked. */
    final class Session {
        private final HttpClient client;
        private final CookieManager cookies;
        HttpResponse<String> login;

        private Session(HttpClient client, CookieManager cookies) {
            this.client = client;
            this.cookies = cookies;
        }

        HttpResponse<String> send(String method, String path, String json, boolean withCsrfToken) throws Exception {
            return withCsrfToken
                    ? ConsoleClient.this.send(client, method, path, null, json, "X-XSRF-TOKEN", csrfToken())
                    : ConsoleClient.this.send(client, method, path, null, json);
        }

        /** The XSRF-TOKEN cookie's value, fetched with a GET when the browser holds none. */
        String csrfToken() throws Exception {
            Optional<String> token = cookie("XSRF-TOKEN");
            if (token.isEmpty()) {
                ConsoleClient.this.send(client, "GET", "/login", null, null, "Accept", "text/html");
                token = cookie("XSRF-TOKEN");
            }
            return token.orElseThrow(() -> new IllegalStateException("no XSRF-TOKEN cookie"));
        }

        private Optional<String> cookie(String name) {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                    .map(HttpCookie::getValue).filter(v -> !v.isEmpty()).reduce((a, b) -> b);
        }
    }

    /** An answer of {@link #fromAddress}: status, headers (lower-case names) and body. */
    record RawAnswer(int status, Map<String, List<String>> headers, String body) {
        Optional<String> header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).stream().findFirst();
        }
    }

    /**
     * One HTTP/1.1 request over a socket bound to {@code fromAddress} (any 127.0.0.x reaches the
     * server on loopback): Kanal sees that address as the client's.
     */
    RawAnswer fromAddress(String fromAddress, String method, String path, Map<String, String> headers, String body)
            throws IOException {
        URI base = URI.create(baseUrl);
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(InetAddress.getByName(base.getHost()), base.getPort(), InetAddress.getByName(fromAddress), 0)) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nConnection: close\r\nContent-Length: " + content.length + "\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return parse(socket.getInputStream());
        }
    }

    private static RawAnswer parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        return new RawAnswer(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
