package org.ckansync.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The exceptions CKAN's action layer raises, with the HTTP status and {@code error} object that
 * ckan/views/api.py produces for each (doc §1.4).
 */
final class ActionError extends RuntimeException {
    final int status;
    /** The {@code error} member of the envelope; null for a bare-string 400 body. */
    final ObjectNode error;
    /** For 400 "Bad request" answers: the body is this JSON string, not an envelope. */
    final String bareBody;

    private ActionError(int status, ObjectNode error, String bareBody) {
        super(error != null ? error.toString() : bareBody, null, false, false);
        this.status = status; this.error = error; this.bareBody = bareBody;
    }

    private static ObjectNode typed(String type, String message) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("__type", type);
        if (message != null) e.put("message", message);
        return e;
    }

    /** NotFound: "Not found" or "Not found: detail". */
    static ActionError notFound(String detail) {
        return new ActionError(404, typed("Not Found Error", detail == null ? "Not found" : "Not found: " + detail), null);
    }

    /** NotAuthorized: "Access denied: detail". */
    static ActionError denied(String detail) {
        return new ActionError(403, typed("Authorization Error", detail == null ? "Access denied" : "Access denied: " + detail), null);
    }

    /** ValidationError with a field-keyed dict (no "message" key), e.g. {"name": ["That URL is already in use."]}. */
    static ActionError validation(ObjectNode fieldErrors) {
        ObjectNode e = fieldErrors.deepCopy();
        e.put("__type", "Validation Error");
        return new ActionError(409, e, null);
    }

    /** ValidationError raised with a plain string: CKAN turns it into {"message": ...}. */
    static ActionError validationMessage(String message) {
        return new ActionError(409, typed("Validation Error", message), null);
    }

    static ActionError searchQuery(String message) {
        return new ActionError(400, typed("Search Query Error", "Search Query is invalid: ('" + message + "',)"), null);
    }

    static ActionError search(String message) {
        return new ActionError(409, typed("Search Error", "Search error: ('SOLR returned an error running query: " + message + "',)"), null);
    }

    /** A Solr failure while indexing a write: 500, and CKAN has rolled the write back. */
    static ActionError searchIndex(String message) {
        return new ActionError(500, typed("Search Index Error", "Unable to add package to search index: " + message), null);
    }

    /** DataError (navl's "Only lists of dicts can be placed against subschema"): 400 with the input echoed as data. */
    static ActionError integrity(String message, com.fasterxml.jackson.databind.JsonNode data) {
        ObjectNode e = typed("Integrity Error", message);
        e.set("data", data.deepCopy());
        return new ActionError(400, e, null);
    }

    static ActionError internal() {
        return new ActionError(500, typed("Internal Server Error", "Internal Server Error"), null);
    }

    /** 400 with a bare JSON string body, e.g. "Bad request - Action name not known: x". */
    static ActionError badRequest(String body) {
        return new ActionError(400, null, body);
    }
}
