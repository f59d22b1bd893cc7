package org.ckansync.ckan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.ckansync.config.PairConfig;
import org.ckansync.config.Server;
import org.ckansync.json.Json;
import org.ckansync.state.SyncRun;

import java.util.Map;

/**
 * Both ends of every CKAN Action API call (route {@code ckan-call}): {@link #prepare} turns the body (the
 * action's parameters) into a POST with the pair's token for that side; {@link #reply} checks CKAN's envelope
 * and maps errors to exceptions the error handling routes understand.
 *
 * Exchange properties in: {@code pair} (PairConfig), {@code ckanSide} (source|target), {@code ckanAction};
 * optional {@code syncRun} (counts calls per side).
 */
public class CkanCall {
    public static final String PAIR = "pair";
    public static final String SIDE = "ckanSide";
    public static final String ACTION = "ckanAction";
    public static final String URL = "ckanUrl";
    public static final String RUN = "syncRun";

    public void prepare(Exchange exchange) {
        PairConfig pair = exchange.getProperty(PAIR, PairConfig.class);
        String side = exchange.getProperty(SIDE, String.class);
        String action = exchange.getProperty(ACTION, String.class);
        Server server = pair.server(side);
        Object params = exchange.getMessage().getBody();
        // Only these headers may reach CKAN: Quartz, Camel and HTTP response headers of earlier calls must not.
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        // CKAN reads the raw token (no "Bearer"); 2.9/2.10 look at X-CKAN-API-Key, 2.11+ at Authorization.
        exchange.getMessage().setHeader("Authorization", server.token());
        exchange.getMessage().setHeader("X-CKAN-API-Key", server.token());
        exchange.getMessage().setBody(Json.write(params == null ? Map.of() : params));
        exchange.setProperty(URL, server.actionUrl(action));
    }

    public Object reply(Exchange exchange) {
        String side = exchange.getProperty(SIDE, String.class);
        String action = exchange.getProperty(ACTION, String.class);
        forgetToken(exchange);
        SyncRun run = exchange.getProperty(RUN, SyncRun.class);
        if (run != null) {
            run.count("calls_" + side);
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        return interpret(side, action, status == null ? 0 : status, body);
    }

    /**
     * Removes the portal token from the message. A reply does it; so does every failure path (dead letter, failed
     * run), because a call that failed after its retries never reaches {@link #reply}.
     */
    public static void forgetToken(Exchange exchange) {
        exchange.getMessage().removeHeader("Authorization");
        exchange.getMessage().removeHeader("X-CKAN-API-Key");
    }

    /** Maps one HTTP reply of CKAN to its result, or to the exception that says what went wrong. */
    public static Object interpret(String side, String action, int status, String body) {
        if (status == 200) {
            return result(side, action, body);
        }
        JsonNode root = null;
        if (body != null && !body.isBlank()) {
            try {
                root = Json.MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                root = null;                    // not JSON (a proxy's error page): the body itself is the message
            }
        }
        String type = null;
        String message;
        if (root != null && root.isObject() && root.has("error")) {
            JsonNode error = root.get("error");
            type = error.path("__type").asText(null);
            message = error.has("message") ? error.get("message").asText() : fieldErrors(error);
        } else if (root != null && root.isTextual()) {
            message = root.asText();            // CKAN answers some 400s with a bare JSON string
        } else {
            message = abbreviate(body);
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            throw new CkanRejectedException(side, action, status, type, message);
        }
        throw new CkanUnavailableException(side, action, status, type, message);
    }

    /**
     * The result of a 200 answer, parsed straight into maps and lists (pages of A can be megabytes: no
     * intermediate tree). Malformed or truncated JSON, or an envelope without success and result, is a protocol
     * error that stops a feed page before anything moves.
     */
    private static Object result(String side, String action, String body) {
        Object root = null;
        if (body != null && !body.isBlank()) {
            try {
                root = Json.MAPPER.readValue(body, Object.class);
            } catch (JsonProcessingException e) {
                throw new CkanProtocolException(side + " " + action + " answered HTTP 200 with malformed JSON ("
                        + e.getOriginalMessage() + "); body starts: " + abbreviate(body));
            }
        }
        if (!(root instanceof Map<?, ?> envelope) || !Boolean.TRUE.equals(envelope.get("success")) || !envelope.containsKey("result")) {
            throw new CkanProtocolException(side + " " + action + " answered HTTP 200 without a successful "
                    + "Action API envelope; body starts: " + abbreviate(body));
        }
        return envelope.get("result");
    }

    /** Validation errors are field-keyed: {"name": ["That URL is already in use."]} → name: That URL is... */
    private static String fieldErrors(JsonNode error) {
        StringBuilder sb = new StringBuilder();
        error.fields().forEachRemaining(e -> {
            if (e.getKey().equals("__type")) {
                return;
            }
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(e.getKey()).append(": ").append(flatten(e.getValue()));
        });
        return sb.toString();
    }

    private static String flatten(JsonNode n) {
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isArray() && n.size() == 1) {
            return flatten(n.get(0));
        }
        return n.toString();
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "(empty)";
        }
        String t = s.replaceAll("\\s+", " ");
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }
}
