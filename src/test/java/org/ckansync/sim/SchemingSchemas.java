package org.ckansync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * ckanext-scheming 3.1 as the simulator plays it, driven by the same schema files the real harness loads
 * (tools/ckan-pair/scheming/*.json). Only what reaches the Action API is modelled (tools/ckan-pair/FACTS.md
 * "Extensions"): custom fields are top-level keys, stored apart from the extras; choice, required and date
 * fields are validated with scheming's messages; repeating_subfields are lists of objects validated element by
 * element; unknown fields and unknown subfield keys are silently dropped; schema-listed fields without a value
 * are absent from the output. Form and display options are ignored.
 */
final class SchemingSchemas {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** One field (or subfield) of a schema. */
    record Field(String name, boolean required, List<String> choices, boolean date, List<Field> subfields) {
        boolean repeating() {
            return subfields != null;
        }
    }

    /** One dataset type: its fields, split into CKAN core fields it lists and the custom ones it adds. */
    record Type(String name, List<Field> datasetFields, List<Field> resourceFields) {
        List<Field> custom() {
            return datasetFields.stream().filter(f -> !SimCatalog.SCHEMA_KEYS.contains(f.name())).toList();
        }

        Set<String> customNames() {
            Set<String> s = new LinkedHashSet<>();
            custom().forEach(f -> s.add(f.name()));
            return s;
        }

        /** Core package keys the schema lists: scheming's output drops them when they hold no value. */
        Set<String> listedCore() {
            Set<String> s = new LinkedHashSet<>();
            datasetFields.stream().filter(f -> SimCatalog.SCHEMA_KEYS.contains(f.name())).forEach(f -> s.add(f.name()));
            return s;
        }

        Set<String> listedResourceKeys() {
            Set<String> s = new LinkedHashSet<>();
            resourceFields.forEach(f -> s.add(f.name()));
            return s;
        }
    }

    private final Map<String, Type> types = new LinkedHashMap<>();

    private SchemingSchemas() {
    }

    /** Loads scheming dataset schema files (JSON); the first one's type is the default for a package without type. */
    static SchemingSchemas load(List<Path> files) {
        SchemingSchemas s = new SchemingSchemas();
        for (Path f : files) {
            try {
                JsonNode root = MAPPER.readTree(f.toFile());
                String type = root.path("dataset_type").asText();
                s.types.put(type, new Type(type, fields(root.path("dataset_fields")), fields(root.path("resource_fields"))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read scheming schema " + f, e);
            }
        }
        if (s.types.isEmpty()) throw new IllegalArgumentException("no scheming schema given");
        return s;
    }

    private static List<Field> fields(JsonNode list) {
        List<Field> out = new ArrayList<>();
        for (JsonNode f : list) {
            List<String> choices = null;
            if (f.has("choices")) {
                choices = new ArrayList<>();
                for (JsonNode c : f.get("choices")) choices.add(c.path("value").asText());
            }
            out.add(new Field(f.path("field_name").asText(), f.path("required").asBoolean(false), choices,
                    "date".equals(f.path("preset").asText()),
                    f.has("repeating_subfields") ? fields(f.get("repeating_subfields")) : null));
        }
        return out;
    }

    String defaultType() {
        return types.keySet().iterator().next();
    }

    /** The schema of a dataset type, or null: a type no schema claims is validated by CKAN's core schema. */
    Type type(String name) {
        return types.get(name);
    }

    List<String> typeNames() {
        return new ArrayList<>(types.keySet());
    }

    /** Result of validating a package's custom fields: the values to store, and the errors keyed by field. */
    record Validated(LinkedHashMap<String, JsonNode> values, ObjectNode errors) { }

    /**
     * Validates the custom fields of {@code type} in a package_create/update input. Returns what to store; anything
     * the schema does not list is not looked at (dropped, like CKAN's __extras).
     *
     * @throws ActionError for a repeating field that is not a list (CKAN answers 400 "Integrity Error")
     */
    static Validated validate(Type type, ObjectNode data) {
        LinkedHashMap<String, JsonNode> values = new LinkedHashMap<>();
        ObjectNode errors = JSON.objectNode();
        for (Field f : type.custom()) {
            JsonNode v = data.get(f.name());
            if (f.repeating()) {
                repeating(f, v, data, values, errors);
            } else {
                String problem = simple(f, v, values, f.name());
                if (problem != null) errors.putArray(f.name()).add(problem);
            }
        }
        return new Validated(values, errors);
    }

    /** Validates one plain value into {@code into}; returns the error message or null. */
    private static String simple(Field f, JsonNode v, Map<String, JsonNode> into, String key) {
        boolean missing = v == null || v.isNull() || v.isMissingNode();
        String text = missing ? null : v.isTextual() ? v.textValue() : v.isValueNode() ? v.asText() : v.toString();
        if (f.required() && (text == null || text.isEmpty())) return "Missing value";
        if (text == null) return null;                                       // ignore_missing: not stored
        if (f.choices() != null && !text.isEmpty() && !f.choices().contains(text)) {
            StringJoiner list = new StringJoiner(", ", "[", "]");
            f.choices().forEach(c -> list.add("'" + c + "'"));
            return "Value must be one of " + list;
        }
        if (f.date() && !text.isEmpty()) {
            try {
                text = SimCatalog.parseIsoDate(text).substring(0, 10);       // convert_to_json_if_date: the date part
            } catch (IllegalArgumentException e) {
                return "Date format incorrect";
            }
        }
        into.put(key, JSON.textNode(text));
        return null;
    }

    private static void repeating(Field f, JsonNode v, ObjectNode data, Map<String, JsonNode> values, ObjectNode errors) {
        if (v == null || v.isNull() || (v.isArray() && v.isEmpty())) {
            if (f.required()) errors.putArray(f.name()).add("Missing value");
            return;
        }
        if (!v.isArray() || !allObjects(v)) {
            throw ActionError.integrity("Only lists of dicts can be placed against subschema ('" + f.name() + "',), not <class '"
                    + (v.isTextual() ? "str" : v.isArray() ? "list" : v.isNumber() ? "int" : "dict") + "'>", data);
        }
        ArrayNode stored = JSON.arrayNode();
        ArrayNode perElement = JSON.arrayNode();
        boolean failed = false;
        for (JsonNode element : v) {
            Map<String, JsonNode> kept = new LinkedHashMap<>();
            ObjectNode elementErrors = JSON.objectNode();
            for (Field sub : f.subfields()) {
                String problem = simple(sub, element.get(sub.name()), kept, sub.name());
                if (problem != null) elementErrors.putArray(sub.name()).add(problem);
            }
            failed |= !elementErrors.isEmpty();
            perElement.add(elementErrors);
            ObjectNode o = stored.addObject();
            kept.forEach(o::set);
        }
        if (failed) errors.set(f.name(), perElement);
        else values.put(f.name(), stored);
    }

    private static boolean allObjects(JsonNode list) {
        for (JsonNode e : list) if (!e.isObject()) return false;
        return true;
    }
}
