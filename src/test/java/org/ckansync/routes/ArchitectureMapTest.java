package org.ckansync.routes;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/architecture.md is the map of routes/: every route file and every route, template, templated route and route
 * configuration id in it is named there (in backticks), and every route file it names exists, so the map cannot fall
 * behind the routes unnoticed.
 */
class ArchitectureMapTest {
    private static final Pattern ID = Pattern.compile("^- (route|routeTemplate|routeConfiguration):\\s*\\n\\s+id:\\s*\"?([\\w-]+)\"?"
            + "|^\\s+(routeId):\\s*\"?([\\w-]+)\"?", Pattern.MULTILINE);
    private static final Pattern FILE_NAMED = Pattern.compile("[\\w-]+\\.camel\\.yaml");

    @Test
    void everyRouteFileAndRouteIdIsOnTheMap() throws Exception {
        String map = Files.readString(Path.of("docs/architecture.md"));
        List<String> missing = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("routes"))) {
            files = s.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        int ids = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (!map.contains("`" + name + "`")) {
                missing.add("file " + name);
            }
            Matcher m = ID.matcher(Files.readString(f));
            while (m.find()) {
                ids++;
                String kind = m.group(1) != null ? m.group(1) : "templated route";
                String id = m.group(2) != null ? m.group(2) : m.group(4);
                if (!map.contains("`" + id + "`")) {
                    missing.add(kind + " " + id + " (" + name + ")");
                }
            }
        }
        assertThat(ids).as("route ids found in routes/").isGreaterThan(files.size());
        assertThat(missing).as("not on the map in docs/architecture.md").isEmpty();
    }

    @Test
    void everyRouteFileOnTheMapExists() {
        String map;
        try {
            map = Files.readString(Path.of("docs/architecture.md"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Matcher m = FILE_NAMED.matcher(map);
        List<String> gone = new ArrayList<>();
        while (m.find()) {
            if (!Files.exists(Path.of("routes", m.group()))) {
                gone.add(m.group());
            }
        }
        assertThat(gone).as("route files docs/architecture.md names that routes/ does not have").isEmpty();
    }
}
