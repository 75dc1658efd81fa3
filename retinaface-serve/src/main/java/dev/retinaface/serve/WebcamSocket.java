package dev.retinaface.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The webcam stream {@code /v1/stream}: the page sends one encoded frame (binary message) and sends the next only
 * after the answer, so frames go at the rate the service sustains; a frame that arrives while the previous one of
 * the same connection is still being processed is dropped (answered {@code {"dropped":true}}), never queued.
 * Answers are the detection JSON plus {@code server_ms}; errors are {@code {"error","code"}}.
 */
final class WebcamSocket {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FaceService service;

    WebcamSocket(FaceService service) {
        this.service = service;
    }

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            try {
                service.checkApiKey(ctx.header("Authorization"), ctx.queryParam("api_key"));
            } catch (ServiceException e) {
                ctx.closeSession(1008, e.getMessage());
                return;
            }
            ctx.attribute("busy", new java.util.concurrent.atomic.AtomicBoolean());
        });
        ws.onBinaryMessage(ctx -> {
            java.util.concurrent.atomic.AtomicBoolean busy = ctx.attribute("busy");
            if (busy == null) {
                return;
            }
            if (!busy.compareAndSet(false, true)) {
                send(ctx, JSON.createObjectNode().put("dropped", true));
                return;
            }
            try {
                ByteBuffer data = ctx.data();
                byte[] frame = new byte[data.remaining()];
                data.get(frame);
                long start = System.nanoTime();
                RequestOptions options = RequestOptions.parse(name -> first(ctx.queryParamMap().get(name)),
                        service.config().detector());
                ObjectNode node = service.engine().process(frame, options, start,
                        r -> FaceService.detectionNode(r, true));
                node.put("server_ms", (System.nanoTime() - start) / 1e6);
                send(ctx, node);
            } catch (ServiceException e) {
                send(ctx, JSON.createObjectNode().put("error", e.getMessage()).put("code", e.code()));
            } finally {
                busy.set(false);
            }
        });
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void send(WsContext ctx, ObjectNode node) {
        try {
            ctx.send(JSON.writeValueAsString(node));
        } catch (Exception e) {
            // the page has gone; nothing to answer
        }
    }
}
