package io.facegate.webhook;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.facegate.auth.SecretFile;
import io.facegate.config.IntegrationConfig;
import io.facegate.trigger.EventBus;

/**
 * Every configured webhook ({@code webhooks.<name>}), fed from the event bus. Each event of a webhook's types becomes
 * one JSON body — {@code event}, {@code id}, {@code time} and the event's members, as {@code GET /events} sends
 * them — POSTed with the headers {@code X-Facegate-Event}, {@code X-Facegate-Delivery} (the event number) and
 * {@code X-Facegate-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>}.
 */
public final class Webhooks implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Route> routes;

    private record Route(IntegrationConfig.Webhook config, WebhookSender sender) {
    }

    private Webhooks(List<Route> routes) {
        this.routes = routes;
    }

    /** What keeps the webhooks from being used: each secret file must be readable and private. */
    public static List<String> problems(Map<String, IntegrationConfig.Webhook> webhooks) {
        List<String> problems = new ArrayList<>();
        for (IntegrationConfig.Webhook w : webhooks.values()) {
            try {
                SecretFile.bytes(w.secretFile(), "webhooks." + w.name() + ".secret-file");
            } catch (SecretFile.SecretException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /** Starts one sender per webhook and feeds them from {@code bus}. */
    public static Webhooks start(Map<String, IntegrationConfig.Webhook> webhooks, EventBus bus)
            throws SecretFile.SecretException {
        List<Route> routes = new ArrayList<>();
        for (IntegrationConfig.Webhook w : webhooks.values()) {
            byte[] secret = SecretFile.read(w.secretFile(), "webhooks." + w.name() + ".secret-file")
                    .getBytes(StandardCharsets.UTF_8);
            routes.add(new Route(w, new WebhookSender(w, secret)));
        }
        Webhooks hooks = new Webhooks(List.copyOf(routes));
        if (!routes.isEmpty()) {
            bus.listen(hooks::onEvent);
        }
        return hooks;
    }

    private void onEvent(EventBus.Event e) {
        byte[] body = null;
        for (Route r : routes) {
            if (r.config().events().contains(e.type())) {
                if (body == null) {
                    body = body(e);
                }
                r.sender().offer(new WebhookSender.Delivery(e.type(), e.id(), body));
            }
        }
    }

    static byte[] body(EventBus.Event e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", e.type());
        body.put("id", e.id());
        body.put("time", e.time().toString());
        body.putAll(e.data());
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Per webhook: queued, sent, failed (given up after every retry) and dropped (queue full). */
    public List<Map<String, Object>> status() {
        return routes.stream().map(r -> r.sender().status()).toList();
    }

    @Override
    public void close() {
        routes.forEach(r -> r.sender().close());
    }
}
