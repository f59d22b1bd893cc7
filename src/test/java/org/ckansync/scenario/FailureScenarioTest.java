package org.ckansync.scenario;

import org.ckansync.config.ConfigException;
import org.ckansync.sim.CkanSimulator;
import org.ckansync.run.SyncRun;
import org.ckansync.feed.Watermark;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** SCENARIOS.md, "Failures and bad input": F3, F4, F5, F6. */
class FailureScenarioTest extends ScenarioTest {
    private static final String TRUNCATED_PAGE = "{\"help\":\"x\",\"success\":true,\"result\":{\"count\":3,\"resu";

    @Test
    void f3_aMalformedOrTruncatedPageFromAStopsTheRunWithoutMovingTheWatermark() {
        catalogue(a, "", 10);
        sync();
        Optional<Watermark> before = app().store().watermark("a-to-b", "source");
        List<String> added = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            added.add(a.dataset("added-" + i, "env-agency", Map.of()).get("id").asText());
        }

        // the first look at A's feed (the probe) comes back truncated
        traffic(a).failNext("package_search", 1, 200, TRUNCATED_PAGE);
        traffic(b).resetCounters();
        SyncRun broken = app().runSync("a-to-b", false);

        assertThat(broken.status()).isEqualTo("failed");
        assertThat(broken.message()).containsIgnoringCase("malformed");
        assertThat(app().store().watermark("a-to-b", "source")).isEqualTo(before);
        assertThat(writeLog(b)).isEmpty();
        assertThat(app().ledger().last("a-to-b", "sync")).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo("failed"));

        // the second page comes back truncated (after the probe and the first page): the first page is on B, nothing of
        // the later pages is
        traffic(a).failAfter("package_search", 2, 1, 200, TRUNCATED_PAGE);
        SyncRun half = app().runSync("a-to-b", false);

        assertThat(half.status()).isEqualTo("failed");
        assertThat(half.message()).containsIgnoringCase("malformed");
        List<String> feedOrder = new ArrayList<>();        // A's feed order: metadata_modified (ms, as Solr has it), id
        a.call("package_search", Map.of("q", "*:*", "sort", "metadata_modified asc, id asc", "rows", 1000,
                "include_private", true)).get("results").forEach(r -> feedOrder.add(r.get("id").asText()));
        feedOrder.retainAll(added);
        List<String> firstPage = feedOrder.subList(0, 7);
        assertThat(app().store().watermark("a-to-b", "source")).map(Watermark::packageId).contains(firstPage.get(6));
        assertThat(writeLog(b)).map(w -> w.substring(w.indexOf("id=") + 3)).containsExactlyInAnyOrderElementsOf(firstPage);
        feedOrder.subList(7, 15).forEach(id -> assertThat(b.find(id)).as("package of a later page on B").isEmpty());

        SyncRun next = sync();

        assertThat(next.get("created")).isEqualTo(8);
        assertTargetLikeSource();
    }

    @Test
    void f4_aRunKilledAtAnyPointIsFinishedByTheNextRun_noDuplicateNoMissingPackage() throws Exception {
        catalogue(a, "", 40);
        restart();                                             // the child JVM needs the state database to itself
        Path config = configFile();
        PortalProxy target = traffic(b);
        target.setDelayMillis(15);                            // B is slow enough to be killed mid-run
        for (int k : new int[] {1, 20, 38}) {
            Process child = cli(config, "kill-" + k, "once", "--pair", "a-to-b");
            await().atMost(90, TimeUnit.SECONDS).pollInterval(2, TimeUnit.MILLISECONDS)
                    .until(() -> target.requests("package_create") >= k || !child.isAlive());
            assertThat(child.isAlive()).as("the run is still going after %d package_create requests: %s", k,
                    Files.exists(stateDir.resolve("kill-" + k + ".err")) ? Files.readString(stateDir.resolve("kill-" + k + ".err")) : "").isTrue();
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        target.setDelayMillis(0);
        assertThat(b.count()).as("B is incomplete after the kills").isLessThan(40);

        SyncRun finishing = sync();

        assertThat(finishing.get("failed")).isZero();
        assertThat(b.count()).isEqualTo(40);
        assertTargetLikeSource();
        SyncRun after = sync();
        assertThat(after.get("created") + after.get("updated")).isZero();
    }

    @Test
    void f5_aListingThatShrinksBeyondTheThresholdHoldsTheRunInsteadOfMassDeleting() {
        List<String> ids = catalogue(a, "", 20);
        sync();
        List<String> purged = ids.subList(0, 5);
        purged.forEach(id -> a.call("dataset_purge", Map.of("id", id)));
        traffic(b).resetCounters();

        SyncRun held = reconcile();

        assertThat(held.status()).isEqualTo("held");
        assertThat(held.message()).contains("pair.a-to-b.delete-threshold");
        assertThat(writeLog(b)).isEmpty();
        assertThat(b.count()).isEqualTo(20);
        purged.forEach(id -> assertThat(b.show(id).get("state").asText()).isEqualTo("active"));
        assertThat(app().ledger().last("a-to-b", "reconcile")).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo("held");
            assertThat(r.message()).contains("pair.a-to-b.delete-threshold");
        });

        settings.put("pair.default.delete-threshold", "0.5");
        restart();
        SyncRun released = reconcile();

        assertThat(released.status()).as(released.message()).isEqualTo("ok");
        assertThat(released.get("purged")).isEqualTo(5);
        purged.forEach(id -> assertThat(b.find(id)).isEmpty());
        assertTargetLikeSource();
    }

    @Test
    void f6_badConfigurationNamesTheSettingAndWritesNothing() {
        catalogue(a, "", 3);
        traffic(b).resetCounters();

        assertThatThrownBy(() -> app().runSync("no-such-pair", false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--pair");

        settings.put("pair.a-to-b.source.url", "htp:/x");
        restart();
        assertThatThrownBy(this::app).isInstanceOf(ConfigException.class).hasMessageContaining("pair.a-to-b.source.url");
        pair("a-to-b", a, b);

        settings.put("pair.a-to-b.target.token", "");
        restart();
        assertThatThrownBy(this::app).isInstanceOf(ConfigException.class).hasMessageContaining("pair.a-to-b.target.token");

        settings.put("pair.a-to-b.target.token", "garbage-token-xyz");
        restart();
        assertThatThrownBy(() -> app().verify("a-to-b"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("pair.a-to-b.target.token");

        assertThat(writeLog(b)).as("writes on B").isEmpty();
        assertThat(b.count()).isZero();
    }

    @Test
    void f6_theCliExitsNonZeroNamingTheSetting_andWritesNothing() throws Exception {
        catalogue(a, "", 3);
        traffic(b).resetCounters();
        settings.put("pair.a-to-b.target.token", "garbage-token-xyz");

        Process wrongToken = cli(configFile(), "wrong-token", "once", "--pair", "a-to-b");
        assertThat(wrongToken.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(wrongToken.exitValue()).isNotZero();
        assertThat(Files.readString(stateDir.resolve("wrong-token.err"))).contains("pair.a-to-b.target.token");

        Process unknownPair = cli(configFile(), "unknown-pair", "once", "--pair", "no-such-pair");
        assertThat(unknownPair.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(unknownPair.exitValue()).isNotZero();
        assertThat(Files.readString(stateDir.resolve("unknown-pair.err"))).contains("--pair");

        settings.put("pair.a-to-b.source.url", "htp:/x");
        Process badUrl = cli(configFile(), "bad-url", "once", "--pair", "a-to-b");
        assertThat(badUrl.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(badUrl.exitValue()).isNotZero();
        assertThat(Files.readString(stateDir.resolve("bad-url.err"))).contains("pair.a-to-b.source.url");

        assertThat(writeLog(b)).as("writes on B").isEmpty();
        assertThat(b.count()).isZero();
    }

    /** The scenario's settings as the operator's --config file. */
    private Path configFile() {
        return new CliJvm(stateDir).config(settings);
    }

    /** ckan-sync's command line in a child JVM (its own process, so it can be killed). Output goes to stateDir/label.*. */
    private Process cli(Path config, String label, String... args) {
        return new CliJvm(stateDir).start(config, label, args);
    }
}
