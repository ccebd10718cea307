package dev.kanal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientConfigLoader;
import dev.kanal.client.config.ClientRoutesFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The end-to-end client's routes file (decision 0037), which every integration test runs with:
 * the file generated from the client file, with the order poll of one account (bm-orders)
 * written out as a route of its own that holds back orders of listings named HOLD-BACK-*
 * ({@code ClientRoutesFileEndToEndTest}). No other test orders such listings.
 */
final class EndToEndClientRoutes {

    private EndToEndClientRoutes() {
    }

    /** Writes the routes file of {@code client} (its client file in {@code clientsDir}) to a new folder; answers the folder. */
    static Path write(Path clientsDir, String client) {
        Path dir = TestEnvironment.tempDir("kanal-client-routes-");
        ClientConfig config = new ClientConfigLoader(System::getenv).load(clientsDir.resolve(client + ".yaml"));
        String generated = ClientRoutesFile.render(config);
        String templated = """
                - templatedRoute:
                    routeTemplateRef: order-poll
                    routeId: order-poll-%1$s-bm-orders
                    parameters:
                      - name: clientId
                        value: "%1$s"
                      - name: accountId
                        value: "bm-orders"
                      - name: intervalMillis
                        value: "{{kanal.orders.poll-interval-millis}}"
                """.formatted(client);
        String writtenOut = """
                - route:
                    id: order-poll-%1$s-bm-orders
                    from:
                      uri: "quartz:kanal-order-poll/%1$s-bm-orders"
                      parameters:
                        trigger.repeatInterval: "{{kanal.orders.poll-interval-millis}}"
                        trigger.repeatCount: -1
                        stateful: true
                      steps:
                        - bean:
                            ref: orderPoller
                            method: "poll('%1$s', 'bm-orders')"
                        - split:
                            simple: "${body.orders}"
                            steps:
                              # this account only: orders of HOLD-BACK-* listings are not imported
                              - filter:
                                  simple: "${body.json} not contains 'HOLD-BACK-'"
                                  steps:
                                    - setHeader: {name: kanalChannelOrderId, simple: "${body.channelOrderId}"}
                                    - setHeader: {name: kanalClient, constant: "%1$s"}
                                    - setHeader: {name: kanalAccount, constant: bm-orders}
                                    - setHeader: {name: kanalOrderSource, constant: poll}
                                    - setBody: {simple: "${body.json}"}
                                    - to: {uri: "direct:order-received"}
                        - bean:
                            ref: orderPoller
                            method: advance
                """.formatted(client);
        assertThat(generated).contains(templated);
        try {
            Files.writeString(ClientRoutesFile.of(dir, client), generated.replace(templated, writtenOut));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
