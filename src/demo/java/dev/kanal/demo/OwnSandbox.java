package dev.kanal.demo;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Whether a URL is a sandbox this JVM serves: http on a loopback address, this server's port,
 * a path under {@code /sandbox/}. The seeder writes only there: a client file that points at a
 * real shop or ERP gets nothing from the demo, above all not its keys.
 */
public final class OwnSandbox {

    private final int port;

    /** @param port the port this JVM's web server listens on */
    public OwnSandbox(int port) {
        this.port = port;
    }

    /** Why {@code url} is not one of this JVM's sandboxes, or null when it is. */
    public String refusal(String url) {
        URI uri;
        try {
            uri = url == null ? null : new URI(url);
        } catch (Exception e) {
            return "not a URL";
        }
        if (uri == null || !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            return "not an http URL";
        }
        if (!isLoopback(uri.getHost())) {
            return "host " + uri.getHost() + " is not this machine's loopback address";
        }
        int urlPort = uri.getPort() == -1 ? 80 : uri.getPort();
        if (urlPort != port) {
            return "port " + urlPort + " is not this server's port " + port;
        }
        String path = uri.normalize().getPath();
        if (path == null || !path.startsWith("/sandbox/")) {
            return "path " + path + " is not under /sandbox/";
        }
        return null;
    }

    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        // only literal addresses are checked: a name is never looked up (it could resolve anywhere later)
        if (!bare.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !bare.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
