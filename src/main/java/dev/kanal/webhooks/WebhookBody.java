package dev.kanal.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a webhook body from its stream, never more than a limit: each piece is handed to a sink
 * as it arrives (a MAC computing the signature), so the signature is known once the last byte
 * is, without a second pass and before anything is parsed.
 */
public final class WebhookBody {

    private static final int CHUNK = 8192;

    private WebhookBody() {
    }

    /** A piece of the body as read: {@code bytes[offset, offset + length)}. */
    @FunctionalInterface
    public interface Sink {
        void accept(byte[] bytes, int offset, int length);
    }

    /**
     * The whole body, each piece also given to {@code sink}.
     *
     * @param announced the request's {@code Content-Length}, or -1: the buffer is sized to it
     *                  (within the limit), so a body of announced length is held once, not copied
     * @throws WebhookBodyTooLargeException as soon as more than {@code limit} bytes arrived;
     *                                      the rest is not read
     */
    public static byte[] read(InputStream in, long announced, int limit, Sink sink) throws IOException {
        // the buffer never outgrows the limit; one byte read past a full buffer tells whether more is coming
        byte[] body = new byte[(int) Math.min(limit, announced >= 0 ? announced : CHUNK)];
        int size = 0;
        while (true) {
            if (size == body.length) {
                int next = in.read();
                if (next == -1) {
                    return body;
                }
                if (size == limit) {
                    throw new WebhookBodyTooLargeException(limit);
                }
                body = Arrays.copyOf(body, (int) Math.min(limit, Math.max(CHUNK, 2L * body.length)));
                body[size] = (byte) next;
                sink.accept(body, size, 1);
                size++;
                continue;
            }
            int n = in.read(body, size, body.length - size);
            if (n == -1) {
                return Arrays.copyOf(body, size);
            }
            sink.accept(body, size, n);
            size += n;
        }
    }

    /** The whole body when it has at most {@code limit} bytes; null (the rest unread) when it has more. */
    public static byte[] readAtMost(InputStream in, int limit) throws IOException {
        try {
            return read(in, -1, limit, (b, o, l) -> { });
        } catch (WebhookBodyTooLargeException tooLong) {
            return null;
        }
    }
}
