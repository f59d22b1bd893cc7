package org.ckansync.ckan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.ckansync.config.PairConfig;
import org.ckansync.config.Server;
import org.ckansync.json.Json;

import java.util.Map;

/**
 * The thinking behind routes/ckan-call.camel.yaml, one function per step: which portal a call goes to, the request
 * body, and what CKAN's answer means (the result, or the exception that says what went wrong).
 */
public class CkanCalls {
    /** CKAN's validation messages for an organization, group or vocabulary the package names but the portal lacks. */
    static final java.util.regex.Pattern MISSING_REFERENCE = java.util.regex.Pattern.compile(
            "(Organization does not exist|Group .* does not exist|group .* not found|vocabulary .* does not exist|Tag vocabulary)",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** The portal of the pair on {@code side} (source = A, target = B). */
    public Server server(@ExchangeProperty("pair") PairConfig pair, @Variable("ckanSide") String side) {
        return pair.server(side);
    }

    /** The portal's base URL (a plain value the call's endpoint and metric tag read without a method call). */
    public String url(@Variable("ckanServer") Server server) {
        return server.url();
    }

    /** The portal's token, for the call's own headers only (the route removes it right after the call). */
    public String token(@Variable("ckanServer") Server server) {
        return server.token();
    }

    /** The action's parameters as the JSON object CKAN expects in a POST. */
    public Object request(@Body Object params) {
        if (params instanceof org.apache.hc.core5.http.HttpEntity multipart) {
            return multipart;                   // a file upload (resource_patch): streamed as it is
        }
        return Json.write(params instanceof Map<?, ?> ? params : Map.of());
    }

    /** JSON, or the multipart body's own type (with its boundary). */
    public String contentType(@Body Object request) {
        return request instanceof org.apache.hc.core5.http.HttpEntity e && e.getContentType() != null
                ? e.getContentType() : "application/json";
    }

    /** The result of CKAN's answer, or the typed failure it stands for. */
    public Object result(@Body String body, @Header("CamelHttpResponseCode") Integer status,
                         @Variable("ckanSide") String side, @Variable("ckanAction") String action,
                         @Variable("ckanAbsentIsNull") Boolean absentIsNull) {
        try {
            return interpret(side, action, status == null ? 0 : status, body);
        } catch (CkanRejectedException e) {
            if (Boolean.TRUE.equals(absentIsNull) && e.status() == 404 && "Not Found Error".equals(e.errorType())) {
                return null;                      // the package (or organization) is not there: an answer, not a failure
            }
            throw e;
        }
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
        } else if (body != null && body.stripLeading().startsWith("<")) {
            // a web page (a proxy's, or CKAN's own outside the Action API): its markup says nothing useful and may carry
            // a session or CSRF token, so it is not repeated
            message = "an HTML page instead of CKAN's JSON answer (is the URL the portal's base URL?)";
        } else {
            message = abbreviate(body);
        }
        if (status == 404 && root == null) {
            // not CKAN's JSON 404: the URL does not lead to a CKAN Action API at all
            throw new CkanRejectedException(side, action, status, "Not Found", "no CKAN Action API at this URL (HTTP 404"
                    + " with a non-JSON page): check the portal's base URL");
        }
        if (status >= 500 && isSearchIndexRejection(type, message)) {
            // Solr refused this very document (e.g. an "immense term"): sending it again cannot help
            throw new CkanRejectedException(side, action, status, type, message);
        }
        if (status == 409 && message != null && (message.startsWith("match") || message.contains("already exists")
                && (message.startsWith("id") || message.contains("Dataset id")))) {
            // package_revise's match failed (the side moved since our read), or package_create met the id already there
            // (a lost reply, a soft-deleted copy): read the side again and plan again
            throw new CkanTargetMovedException(side, action, status, type, message);
        }
        if (status == 409 && message != null && MISSING_REFERENCE.matcher(message).find()) {
            throw new CkanMissingReferenceException(side, action, status, type, message);
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429 || status == 501) {
            throw new CkanRejectedException(side, action, status, type, message);
        }
        throw new CkanUnavailableException(side, action, status, type, message);
    }

    /** A search index error about the document itself, as opposed to Solr being down. */
    static boolean isSearchIndexRejection(String type, String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("immense term") || m.contains("document contains at least one immense term")
                || (("Search Index Error".equals(type) || m.contains("search index")) && m.contains("bad request"));
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
                    + "Action API envelope (is the URL a CKAN portal's base URL?); body starts: " + abbreviate(body));
        }
        return envelope.get("result");
    }

    /** Validation errors are field-keyed: {"name": ["That URL is already in use."]} becomes name: That URL is... */
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

    static String abbreviate(String s) {
        if (s == null) {
            return "(empty)";
        }
        String t = s.replaceAll("\\s+", " ");
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}
