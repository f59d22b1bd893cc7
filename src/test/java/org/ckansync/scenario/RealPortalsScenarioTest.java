package org.ckansync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.ckansync.state.DeadLetter;
import org.ckansync.run.SyncRun;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: what real portals carry. Uploaded files mirrored into B's own file store (files = copy | link,
 * files.max-size), ckanext-scheming datasets (custom fields, repeating subfields, a second dataset type, a target
 * whose schema is older), and the per-pair transforms harvest operators configure (organization mapping, one
 * target organization, default tags and extras with placeholders, what happens to A's organizations and groups).
 * Facts behind the expectations: tools/ckan-pair/FACTS.md "Uploaded files" and "Extensions".
 *
 * <p>On real CKAN the
 * scheming scenarios need the harness started with {@code EXTENSIONS=scheming,spatial tools/ckan-pair/up.sh}
 * and are skipped otherwise.
 */
class RealPortalsScenarioTest extends ScenarioTest {
    private static final String CSV_2024 = "station,date,level_cm\nRH-001,2024-03-01,352\nRH-002,2024-03-01,298\n";
    private static final String CSV_2025 = CSV_2024 + "RH-001,2025-01-15,401\n";
    private static final String POINT = "{\"type\": \"Point\", \"coordinates\": [6.95, 50.94]}";

    // --- uploaded files ----------------------------------------------------------------------------------

    @Test
    void anUploadedCsvIsServedFromBsOwnFileStoreWithAOffline_andIsSentAgainOnlyWhenItChanged() throws IOException {
        String levels = copyingPairAndDataset("river-levels");
        String rota = a.dataset("staff-rota", "env-agency", Map.of("private", true)).get("id").asText();
        String csv = a.upload(levels, text("levels.csv", CSV_2024), "river levels 2024.csv").get("id").asText();
        String secret = a.upload(rota, text("rota.csv", "name,shift\nAnn,early\n"), "rota.csv").get("id").asText();

        SyncRun first = sync();

        assertThat(first.get("created")).isEqualTo(2);
        JsonNode onB = b.resourceOf(levels, csv);
        assertThat(onB.get("url").asText()).as("B's own download URL, not A's")
                .startsWith(b.url() + "/dataset/" + levels + "/resource/" + csv + "/download/");
        assertThat(onB.get("url_type").asText()).isEqualTo("upload");
        assertThat(onB.get("size").asLong()).isEqualTo(CSV_2024.length());
        assertThat(traffic(b).uploads()).as("one file per uploaded resource").hasSize(2);

        traffic(b).resetCounters();
        sync();
        assertThat(traffic(b).uploads()).as("unchanged files are not sent again").isEmpty();
        assertThat(writes(b)).isZero();

        a.replaceFile(csv, text("levels-2025.csv", CSV_2025), "river levels 2024.csv");
        traffic(b).resetCounters();
        sync();
        assertThat(traffic(b).uploads()).as("only the file that changed").hasSize(1);

        stopPortal(a);
        HttpResponse<Path> publicCopy = b.download(b.resourceOf(levels, csv).get("url").asText(), false, stateDir.resolve("levels.dl"));
        assertThat(publicCopy.statusCode()).isEqualTo(200);
        assertThat(Files.readString(publicCopy.body())).isEqualTo(CSV_2025);
        String privateUrl = b.resourceOf(rota, secret).get("url").asText();
        assertThat(b.download(privateUrl, false, stateDir.resolve("anon.dl")).statusCode()).as("private on B too").isEqualTo(403);
        assertThat(Files.readString(b.download(privateUrl, true, stateDir.resolve("rota.dl")).body())).isEqualTo("name,shift\nAnn,early\n");
    }

    @Test
    void a200MbFileIsCopiedByACliRunWhoseJvmHasA256MbHeap() throws Exception {
        String tiles = copyingPairAndDataset("lidar-tiles");
        Path big = stateDir.resolve("tiles.bin");
        String sent = writePattern(big, 200_000_000L);
        String rid = a.upload(tiles, big, "tiles.bin").get("id").asText();
        Files.delete(big);

        CliRun run = cliInOwnJvm("256m", "once", "--pair", "a-to-b");

        assertThat(run.exitCode()).as("ckan-sync once with -Xmx256m (peak heap %s MB):%n%s", run.peakHeapMb(), run.output()).isZero();
        System.out.printf("200 MB copy: CLI JVM -Xmx256m, peak heap before a collection %d MB%n", run.peakHeapMb());
        JsonNode onB = b.resourceOf(tiles, rid);
        assertThat(onB.get("url").asText()).as("a file in B's own store").startsWith(b.url() + "/dataset/" + tiles + "/resource/" + rid);
        assertThat(onB.get("url_type").asText()).isEqualTo("upload");
        assertThat(onB.get("size").asLong()).isEqualTo(200_000_000L);
        assertThat(traffic(b).uploads()).hasSize(1);
        HttpResponse<Path> copy = b.download(onB.get("url").asText(), true, stateDir.resolve("tiles.dl"));
        assertThat(sha256(copy.body())).as("B's copy is A's file byte for byte").isEqualTo(sent);
    }

    @Test
    void withFilesLinkBPointsAtAsDownloadUrlAndNoFileIsSent() throws IOException {
        settings.put("pair.a-to-b.files", "link");
        a.organization("env-agency", "Environment Agency", "Air and water");
        String levels = a.dataset("river-levels", "env-agency", Map.of()).get("id").asText();
        JsonNode onA = a.upload(levels, text("levels.csv", CSV_2024), "levels.csv");

        sync();

        JsonNode onB = b.resourceOf(levels, onA.get("id").asText());
        assertThat(onB.get("url").asText()).isEqualTo(onA.get("url").asText());
        assertThat(onB.get("url_type").asText("")).as("B has no file to serve").isNotEqualTo("upload");
        assertThat(traffic(b).uploads()).isEmpty();
    }

    @Test
    void aFileOverThePairsMaxSizeIsNotCopiedButParkedInTheDeadLetterQueue() throws IOException {
        settings.put("pair.a-to-b.files.max-size", "100000");
        String small = copyingPairAndDataset("small-file");
        String large = a.dataset("large-file", "env-agency", Map.of()).get("id").asText();
        a.upload(small, text("small.csv", CSV_2024), "small.csv");
        Path over = stateDir.resolve("large.bin");
        writePattern(over, 150_000L);
        a.upload(large, over, "large.bin");

        sync();

        assertThat(traffic(b).uploads()).as("only the small file").hasSize(1);
        List<DeadLetter> open = app().deadLetters().list("a-to-b", null, null);
        assertThat(open).hasSize(1);
        assertThat(open.get(0).packageId()).isEqualTo(large);
        assertThat(open.get(0).detail()).contains("files.max-size");
    }

    // --- ckanext-scheming --------------------------------------------------------------------------------

    @Test
    void aSchemingDatasetWithRepeatingSubfieldsAndASecondDatasetTypeRoundTrips() {
        useScheming();
        a.organization("water-board", "Water Board", "Rivers");
        String levels = a.dataset("river-levels", "water-board", Map.of("update_frequency", "weekly",
                "data_steward", "Water team", "temporal_start", "2019-04-01", "quality_note", "gaps in 2020",
                "contact_points", List.of(Map.of("name", "Ann Example", "email", "ann@example.org", "role", "owner"),
                        Map.of("name", "Helpdesk", "email", "help@example.org", "role", "helpdesk")))).get("id").asText();
        String station = a.dataset("rhine-1", "water-board", Map.of("type", "sensor-station", "station_code", "RH-001",
                "measured_quantity", "river-level", "spatial", POINT,
                "sensors", List.of(Map.of("model", "LevelPro 3", "serial", "LP-77", "installed", "2022-03-01"),
                        Map.of("model", "LevelPro 2")))).get("id").asText();

        sync();

        assertSameOnTarget(levels);
        assertSameOnTarget(station);
        assertThat(b.show(levels).get("contact_points").get(1).get("role").asText()).isEqualTo("helpdesk");
        assertThat(b.show(station).get("type").asText()).isEqualTo("sensor-station");

        a.patch(station, Map.of("sensors", List.of(Map.of("model", "LevelPro 3", "serial", "LP-77", "installed", "2022-03-01"),
                Map.of("model", "LevelPro 4", "serial", "LP-90"))));
        traffic(b).resetCounters();
        sync();
        assertSameOnTarget(station);
        assertThat(writes(b)).isEqualTo(1);
        traffic(b).resetCounters();
        sync();
        assertThat(writes(b)).as("nothing changed").isZero();
    }

    @Test
    void aChoiceValueTheTargetsSchemaLacksLandsInTheDeadLetterQueueWithCkansMessage() {
        Portal c = schemingTargetWithOlderSchema();
        a.organization("water-board", "Water Board", "Rivers");
        String continuous = a.dataset("live-levels", "water-board", Map.of("update_frequency", "continuous")).get("id").asText();
        String daily = a.dataset("daily-levels", "water-board", Map.of("update_frequency", "daily")).get("id").asText();

        SyncRun run = sync("a-to-c");

        assertThat(run.get("created")).isEqualTo(1);
        assertThat(run.get("failed")).isEqualTo(1);
        assertSame(a, c, daily);
        List<DeadLetter> open = app().deadLetters().list("a-to-c", null, null);
        assertThat(open).hasSize(1);
        assertThat(open.get(0).packageId()).isEqualTo(continuous);
        assertThat(open.get(0).reason()).isEqualTo("rejected");
        assertThat(open.get(0).httpStatus()).isEqualTo(409);
        assertThat(open.get(0).detail()).contains("Value must be one of ['daily', 'weekly', 'monthly', 'yearly', 'irregular']");
    }

    @Test
    void aFieldTheTargetsSchemaDoesNotKnowIsNotLostSilently_itLandsInTheDeadLetterQueueNamingTheField() {
        Portal c = schemingTargetWithOlderSchema();
        a.organization("water-board", "Water Board", "Rivers");
        String noted = a.dataset("noted-levels", "water-board", Map.of("quality_note", "gaps in 2020")).get("id").asText();
        String plain = a.dataset("plain-levels", "water-board", Map.of()).get("id").asText();

        sync("a-to-c");

        assertSame(a, c, plain);
        List<DeadLetter> open = app().deadLetters().list("a-to-c", null, null);
        assertThat(open).as("CKAN drops the field without an error (FACTS.md): ckan-sync must notice").hasSize(1);
        assertThat(open.get(0).packageId()).isEqualTo(noted);
        assertThat(open.get(0).detail()).contains("quality_note");
    }

    /** Pair a-to-c: c runs the older edition of the dataset schema (no quality_note, no "continuous"). */
    private Portal schemingTargetWithOlderSchema() {
        useScheming();
        Portal c = backend.portal("c");
        settings.put("ckan-sync.pairs", "a-to-c");
        pair("a-to-c", a, c);
        return c;
    }

    // --- per-pair transforms -----------------------------------------------------------------------------

    @Test
    void anOrganizationMapAndDefaultExtrasHoldAcrossRuns_writeNothingAfterTheFirst_andABEditIsMerged() {
        pairSettings("transform.organization-map", "env-agency:umweltamt,transport:verkehrsamt",
                "transform.extras", "harvest_source:{source.url},harvest_id:{id}",
                "organizations", "existing");
        b.organization("umweltamt", "Umweltamt", "B's own publisher");
        b.organization("verkehrsamt", "Verkehrsamt", "B's own publisher");
        List<String> ids = catalogue(a, "", 6);

        SyncRun dry = app().runSync("a-to-b", true);
        assertThat(dry.planLines()).as("the dry run shows what B would get").hasSize(6).allSatisfy(line -> assertThat(line)
                .containsPattern("as transformed: organization (umweltamt|verkehrsamt);")
                .contains("harvest_source=" + settings.get("pair.a-to-b.source.url")));
        SyncRun first = sync();

        assertThat(first.get("created")).as("the dry run wrote nothing").isEqualTo(6);
        for (String id : ids) {
            JsonNode onA = a.show(id);
            JsonNode onB = b.show(id);
            String mapped = onA.get("organization").get("name").asText().equals("env-agency") ? "umweltamt" : "verkehrsamt";
            assertThat(onB.get("organization").get("name").asText()).isEqualTo(mapped);
            assertThat(extras(onB)).containsEntry("harvest_source", settings.get("pair.a-to-b.source.url"))
                    .containsEntry("harvest_id", id).containsAllEntriesOf(extras(onA));
        }
        assertThat(organizations(b)).as("organizations=existing creates none").containsExactlyInAnyOrder("umweltamt", "verkehrsamt");

        traffic(b).resetCounters();
        SyncRun second = sync();
        assertThat(writes(b)).as("a transformed value is not a difference").isZero();
        assertThat(second.get("updated") + second.get("merged")).isZero();

        String edited = ids.get(0);
        a.patch(edited, Map.of("title", "River levels (revised)"));
        b.patch(edited, Map.of("notes", "Curated on B"));
        traffic(b).resetCounters();
        sync();
        JsonNode merged = b.show(edited);
        assertThat(merged.get("title").asText()).isEqualTo("River levels (revised)");
        assertThat(merged.get("notes").asText()).isEqualTo("Curated on B");
        assertThat(merged.get("organization").get("name").asText()).isEqualTo("umweltamt");
        assertThat(extras(merged)).containsEntry("harvest_id", edited);
        assertThat(writes(b)).isEqualTo(1);

        traffic(b).resetCounters();
        sync();
        assertThat(writes(b)).as("the merge does not undo itself").isZero();
    }

    @Test
    void everythingGoesIntoOneOrganizationWithDefaultTags_andAsGroupsAreDropped() {
        pairSettings("transform.organization", "national-hub", "transform.tags", "harvested,region-north",
                "organizations", "existing", "groups", "drop");
        b.organization("national-hub", "National Hub", "Everything harvested");
        List<String> ids = catalogue(a, "", 4);

        sync();

        for (String id : ids) {
            JsonNode onB = b.show(id);
            assertThat(onB.get("organization").get("name").asText()).isEqualTo("national-hub");
            Set<String> tags = new TreeSet<>();
            onB.get("tags").forEach(t -> tags.add(t.get("name").asText()));
            assertThat(tags).contains("harvested", "region-north", "environment");
            assertThat(onB.get("groups")).isEmpty();
        }
        assertThat(b.call("group_list", Map.of())).as("groups=drop creates none").isEmpty();
        traffic(b).resetCounters();
        sync();
        assertThat(writes(b)).isZero();
    }

    @Test
    void withOrganizationsExistingADatasetWhoseOrganizationBLacksWaitsInTheDeadLetterQueue_andNoneIsCreated() {
        pairSettings("organizations", "existing");
        b.organization("env-agency", "Environment Agency (B's own)", "B's own publisher");
        List<String> ids = catalogue(a, "", 4);

        SyncRun run = sync();

        assertThat(run.get("created")).isEqualTo(2);
        assertThat(organizations(b)).containsExactly("env-agency");
        assertThat(b.call("organization_show", Map.of("id", "env-agency")).get("title").asText())
                .as("B's own organization is used as it is").isEqualTo("Environment Agency (B's own)");
        List<DeadLetter> open = app().deadLetters().list("a-to-b", null, null);
        assertThat(open).extracting(DeadLetter::packageId).containsExactlyInAnyOrder(ids.get(1), ids.get(3));
        assertThat(open.get(0).detail()).contains("organization 'transport' is not on the target", "organizations = existing");
        assertThat(open.get(0).reason()).isEqualTo("rejected");
    }

    @Test
    void withGroupsExistingOnlyTheGroupsBAlreadyHasAreKept_andNoneIsCreated() {
        pairSettings("groups", "existing");
        b.group("air", "Air (B's own)");
        List<String> ids = catalogue(a, "", 6);

        sync();

        for (String id : ids) {
            List<String> onA = groupNames(a.show(id));
            assertThat(groupNames(b.show(id))).as("groups of %s", id).isEqualTo(onA.contains("air") ? List.of("air") : List.of());
        }
        assertThat(b.call("group_list", Map.of())).as("water is not created on B").hasSize(1);
        traffic(b).resetCounters();
        sync();
        assertThat(writes(b)).as("a group left out on purpose is not a difference").isZero();
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private static List<String> groupNames(JsonNode pkg) {
        List<String> names = new ArrayList<>();
        pkg.get("groups").forEach(g -> names.add(g.get("name").asText()));
        return names;
    }

    /** pair.a-to-b.KEY = VALUE for each KEY, VALUE given. */
    private void pairSettings(String... keyValues) {
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put("pair.a-to-b." + keyValues[i], keyValues[i + 1]);
        }
    }

    /** Pair a-to-b copies files; A has the organization env-agency and in it a dataset of this name (its id). */
    private String copyingPairAndDataset(String name) {
        settings.put("pair.a-to-b.files", "copy");
        a.organization("env-agency", "Environment Agency", "Air and water");
        return a.dataset(name, "env-agency", Map.of()).get("id").asText();
    }

    private Path text(String name, String content) throws IOException {
        return Files.writeString(stateDir.resolve(name), content);
    }

    private static Map<String, String> extras(JsonNode pkg) {
        Map<String, String> out = new java.util.TreeMap<>();
        pkg.path("extras").forEach(e -> out.put(e.get("key").asText(), e.get("value").asText()));
        return out;
    }

    private static List<String> organizations(Portal p) {
        List<String> names = new ArrayList<>();
        p.call("organization_list", Map.of()).forEach(n -> names.add(n.asText()));
        return names;
    }

    /** Writes {@code size} bytes of a non-repeating pattern (a counter) and returns their SHA-256. */
    private static String writePattern(Path file, long size) throws IOException {
        MessageDigest digest = sha();
        byte[] block = new byte[1 << 20];
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
            long written = 0;
            for (long n = 0; written < size; n++) {
                java.nio.ByteBuffer.wrap(block).putLong(0, n).putLong(block.length - 8, ~n);
                int len = (int) Math.min(block.length, size - written);
                out.write(block, 0, len);
                written += len;
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = sha();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A finished CLI process: exit code, its output, and the largest heap occupancy its GC log saw. */
    record CliRun(int exitCode, String output, long peakHeapMb) {
    }

    private static final Pattern GC_PAUSE = Pattern.compile("(\\d+)M->\\d+M\\(\\d+M\\)");

    /**
     * Runs the ckan-sync CLI as an operator would, in a JVM of its own with the given maximum heap, on this
     * scenario's settings (written to a properties file; the state database is the scenario's H2 file). The
     * test JVM's own heap says nothing about streaming, the child's -Xmx does: a copy that buffered the file
     * would die with OutOfMemoryError.
     */
    private CliRun cliInOwnJvm(String maxHeap, String... args) throws IOException, InterruptedException {
        Path config = stateDir.resolve("cli.properties");
        Properties props = new Properties();
        props.putAll(settings);
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "scenario settings");
        }
        Path gcLog = stateDir.resolve("cli-gc.log");
        // the product's classpath, as the packaged jar has it: without the test classes (with them on it, Camel
        // Main loaded the route configurations twice and refused to start)
        String classpath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes")).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-Xlog:gc:file=" + gcLog, "-cp", classpath,
                "org.ckansync.cli.CkanSyncCli", "--config", config.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("ckan-sync CLI did not finish in 10 minutes:\n" + output);
        }
        long peak = 0;
        if (Files.exists(gcLog)) {
            Matcher m = GC_PAUSE.matcher(Files.readString(gcLog));
            while (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
            }
        }
        return new CliRun(p.exitValue(), output, peak);
    }
}
