package dev.kanal.client.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A client's routes file, {@code routes/clients/<client>.camel.yaml}: the client's per-client
 * routes declared in Camel YAML, written by {@link #render} (the {@code routes} command) and then
 * the engineer's to change. Read here only for what the drift checks need: the route ids it
 * declares, and the client each templated route names.
 */
public final class ClientRoutesFile {

    /** What a routes file declares: every route id (templated or written out) and the clients its templated routes name. */
    public record Declared(Set<String> routeIds, Set<String> clientIds) {
    }

    private ClientRoutesFile() {
    }

    /** The routes file of {@code client} in {@code dir}. */
    public static Path of(Path dir, String client) {
        return dir.resolve(client + ".camel.yaml");
    }

    /** The client's routes as a routes file: one {@code templatedRoute} per route of {@link ClientRoutePlan#of(ClientConfig)}. */
    public static String render(ClientConfig client) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Routes of client ").append(client.id()).append(", generated from clients/").append(client.id())
                .append(".yaml by\n")
                .append("#     java -jar kanal.jar routes clients/").append(client.id()).append(".yaml\n")
                .append("# Kanal uses this file instead of making the client's routes itself (decision 0037): add a\n")
                .append("# step for this client here, e.g. write a templatedRoute out as a route of its own with the\n")
                .append("# same id. `validate` and start-up refuse a file that lacks a route the client file calls\n")
                .append("# for, or declares one for an account it does not have: regenerate it after changing accounts.\n");
        for (ClientRoutePlan.PlannedRoute route : ClientRoutePlan.of(client)) {
            yaml.append("- templatedRoute:\n")
                    .append("    routeTemplateRef: ").append(route.template()).append('\n')
                    .append("    routeId: ").append(route.routeId()).append('\n')
                    .append("    parameters:\n");
            route.parameters().forEach((name, value) -> yaml
                    .append("      - name: ").append(name).append('\n')
                    .append("        value: \"").append(value).append("\"\n"));
        }
        return yaml.toString();
    }

    /** The route ids and templated routes' clients a routes file declares. */
    public static Declared read(Path file) throws IOException {
        Object document;
        try (Reader reader = Files.newBufferedReader(file)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        Set<String> routeIds = new LinkedHashSet<>();
        Set<String> clientIds = new LinkedHashSet<>();
        if (document instanceof List<?> entries) {
            for (Object entry : entries) {
                if (!(entry instanceof Map<?, ?> element)) {
                    continue;
                }
                if (element.get("templatedRoute") instanceof Map<?, ?> templated) {
                    addIfText(routeIds, templated.get("routeId"));
                    if (templated.get("parameters") instanceof List<?> parameters) {
                        for (Object parameter : parameters) {
                            if (parameter instanceof Map<?, ?> p && "clientId".equals(p.get("name"))) {
                                addIfText(clientIds, p.get("value"));
                            }
                        }
                    }
                } else if (element.get("route") instanceof Map<?, ?> route) {
                    addIfText(routeIds, route.get("id"));
                }
            }
        }
        return new Declared(routeIds, clientIds);
    }

    /**
     * What is wrong between a client file and its routes file: a route the client file calls for
     * that the routes file lacks, a route of Kanal's poll templates for an account the client file
     * does not poll (or does not have), a templated route naming another client. Empty: in step.
     */
    public static List<String> drift(ClientConfig client, Declared declared) {
        List<String> problems = new ArrayList<>();
        Set<String> planned = new LinkedHashSet<>();
        for (ClientRoutePlan.PlannedRoute route : ClientRoutePlan.of(client)) {
            planned.add(route.routeId());
            if (!declared.routeIds().contains(route.routeId())) {
                problems.add("no route " + route.routeId() + " (" + route.template() + "), which the client file calls for");
            }
        }
        for (String id : declared.routeIds()) {
            boolean ours = ClientRoutePlan.TEMPLATES.stream().anyMatch(template -> id.startsWith(template + "-" + client.id()));
            if (ours && !planned.contains(id)) {
                problems.add("route " + id + " is for an account or source the client file does not poll");
            }
        }
        for (String other : declared.clientIds()) {
            if (!other.equals(client.id())) {
                problems.add("a templated route names client '" + other + "'; this file declares the routes of '" + client.id() + "'");
            }
        }
        return problems;
    }

    private static void addIfText(Set<String> into, Object value) {
        if (value instanceof String text && !text.isBlank()) {
            into.add(text);
        }
    }
}
