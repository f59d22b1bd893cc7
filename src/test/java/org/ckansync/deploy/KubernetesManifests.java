package org.ckansync.deploy;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** deploy/kubernetes/*.yaml as the objects they declare (kind and name to the parsed document). */
final class KubernetesManifests {
    static final Path DIR = Path.of(System.getProperty("project.dir", ".")).toAbsolutePath().resolve("deploy/kubernetes");

    private KubernetesManifests() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String kind, String name) {
        for (Map<String, Object> o : all()) {
            Map<String, Object> meta = (Map<String, Object>) o.get("metadata");
            if (kind.equals(o.get("kind")) && name.equals(meta.get("name"))) {
                return o;
            }
        }
        throw new AssertionError("no " + kind + " " + name + " in " + DIR);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> all() {
        List<Map<String, Object>> out = new ArrayList<>();
        try (var files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(f))) {
                    if (doc != null) {
                        out.add((Map<String, Object>) doc);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The ConfigMap's application.properties: the operator's file of the Deployment. */
    @SuppressWarnings("unchecked")
    static String configMapProperties() {
        return (String) ((Map<String, Object>) object("ConfigMap", "ckan-sync-config").get("data")).get("application.properties");
    }

    /** The variables the Secret gives the container (envFrom). */
    @SuppressWarnings("unchecked")
    static List<String> secretKeys() {
        return new ArrayList<>(((Map<String, Object>) object("Secret", "ckan-sync-secrets").get("stringData")).keySet());
    }
}
