package org.ckansync.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ckansync.merge.ConflictPolicy.PARK;
import static org.ckansync.merge.ConflictPolicy.SOURCE_WINS;
import static org.ckansync.merge.ConflictPolicy.TARGET_WINS;
import static org.ckansync.merge.PackageFixtures.copy;
import static org.ckansync.merge.PackageFixtures.extra;
import static org.ckansync.merge.PackageFixtures.group;
import static org.ckansync.merge.PackageFixtures.list;
import static org.ckansync.merge.PackageFixtures.newResource;
import static org.ckansync.merge.PackageFixtures.package1;
import static org.ckansync.merge.PackageFixtures.removeResource;
import static org.ckansync.merge.PackageFixtures.reorderResources;
import static org.ckansync.merge.PackageFixtures.resource;
import static org.ckansync.merge.PackageFixtures.resourceIds;
import static org.ckansync.merge.PackageFixtures.tag;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Package 1 after the first sync is the base; "A" edits the source head, "B" edits the target head, then
 * the three are merged, as the sync run does for a package with divergent heads.
 */
class ThreeWayMergeTest {

    private final ThreeWayMerge merger = new ThreeWayMerge();
    private final Map<String, Object> base = package1();
    private final Map<String, Object> a = copy(base);
    private final Map<String, Object> b = copy(base);

    private MergeResult merge(ConflictPolicy policy) {
        return merger.merge(base, a, b, policy);
    }

    private MergeResult merge() {
        return merge(SOURCE_WINS);
    }

    @Nested
    @DisplayName("S3: changes on both sides, no conflict")
    class DivergentHeads {

        @Test
        void bKeepsItsDescriptionAndTagAndGetsAsTitleAndUrl() {
            a.put("title", "Air quality, hourly");
            resource(a, "r1").put("url", "https://a.example/2023-v2.csv");
            b.put("notes", "Hourly NO2 readings, validated");
            list(b, "tags").add(tag("pollution"));

            MergeResult result = merge();

            Map<String, Object> expected = copy(base);
            expected.put("title", "Air quality, hourly");
            expected.put("notes", "Hourly NO2 readings, validated");
            resource(expected, "r1").put("url", "https://a.example/2023-v2.csv");
            list(expected, "tags").add(tag("pollution"));
            assertThat(result.merged()).isEqualTo(expected);
            assertThat(result.conflicts()).isEmpty();
            assertThat(result.parked()).isFalse();
            assertThat(result.targetNeedsWrite()).isTrue();
            assertThat(result.sourceChanges()).extracting(FieldChange::path)
                    .containsExactly("title", "resources[id=r1].url");
            assertThat(result.targetChanges()).extracting(FieldChange::path)
                    .containsExactly("notes", "tags[name=pollution]");
            assertThat(result.targetUpdates()).extracting(FieldChange::path)
                    .containsExactly("title", "resources[id=r1].url");
        }

        @Test
        void sameChangeOnBothSidesIsNoConflict() {
            a.put("title", "Air quality, hourly");
            b.put("title", "Air quality, hourly");

            MergeResult result = merge();

            assertThat(result.conflicts()).isEmpty();
            assertThat(result.merged()).containsEntry("title", "Air quality, hourly");
            assertThat(result.targetNeedsWrite()).isFalse();
        }

        @Test
        void onlyBChangedMeansNothingToWrite() {
            b.put("notes", "edited on B");

            MergeResult result = merge();

            assertThat(result.merged()).isEqualTo(b);
            assertThat(result.targetNeedsWrite()).isFalse();
            assertThat(result.targetUpdates()).isEmpty();
        }

        @Test
        void nothingChangedAnywhere() {
            MergeResult result = merge();

            assertThat(result.merged()).isEqualTo(base);
            assertThat(result.conflicts()).isEmpty();
            assertThat(result.sourceChanges()).isEmpty();
            assertThat(result.targetChanges()).isEmpty();
            assertThat(result.targetNeedsWrite()).isFalse();
        }

        @Test
        void mergedKeepsBsKeyOrderAndAppendsKeysOnlyAHas() {
            a.put("author", "Env Agency");
            b.put("maintainer", "B admins");

            assertThat(merge().merged().keySet()).containsExactly("id", "name", "title", "notes", "private",
                    "license_id", "owner_org", "version", "resources", "tags", "extras", "groups",
                    "maintainer", "author");
        }
    }

    @Nested
    @DisplayName("S4: both sides change the title differently")
    class TitleConflict {

        @org.junit.jupiter.api.BeforeEach
        void bothEditTheTitle() {
            a.put("title", "Air quality (A)");
            b.put("title", "Air quality (B)");
        }

        @Test
        void sourceWinsTakesAsTitleAndRecordsOneConflict() {
            MergeResult result = merge(SOURCE_WINS);

            assertThat(result.merged()).containsEntry("title", "Air quality (A)");
            assertThat(result.conflicts()).containsExactly(new FieldConflict("title",
                    "Air quality", "Air quality (A)", "Air quality (B)", "source-wins"));
            assertThat(result.parked()).isFalse();
            assertThat(result.targetNeedsWrite()).isTrue();
        }

        @Test
        void targetWinsKeepsBsTitle() {
            MergeResult result = merge(TARGET_WINS);

            assertThat(result.merged()).containsEntry("title", "Air quality (B)");
            assertThat(result.conflicts()).containsExactly(new FieldConflict("title",
                    "Air quality", "Air quality (A)", "Air quality (B)", "target-wins"));
            assertThat(result.parked()).isFalse();
            assertThat(result.targetNeedsWrite()).isFalse();
        }

        @Test
        void parkKeepsBsValuesAppliesTheRestAndWritesNothing() {
            a.put("notes", "changed on A only");

            MergeResult result = merge(PARK);

            assertThat(result.parked()).isTrue();
            assertThat(result.merged()).containsEntry("title", "Air quality (B)")
                    .containsEntry("notes", "changed on A only");
            assertThat(result.conflicts()).containsExactly(new FieldConflict("title",
                    "Air quality", "Air quality (A)", "Air quality (B)", "parked"));
            assertThat(result.targetUpdates()).extracting(FieldChange::path).containsExactly("notes");
            assertThat(result.targetNeedsWrite()).isFalse();
        }

        @Test
        void parkWithoutConflictIsNotParked() {
            b.put("title", "Air quality (A)");

            MergeResult result = merge(PARK);

            assertThat(result.parked()).isFalse();
            assertThat(result.conflicts()).isEmpty();
        }

        @Test
        void conflictRecordSerialisesWithAllValues() throws Exception {
            String json = PackageFixtures.JSON.writeValueAsString(merge(SOURCE_WINS).conflicts());

            assertThat(json).isEqualTo("[{\"path\":\"title\",\"base\":\"Air quality\",\"source\":\"Air quality (A)\","
                    + "\"target\":\"Air quality (B)\",\"resolution\":\"source-wins\"}]");
        }
    }

    @Nested
    @DisplayName("null and missing keys")
    class NullVersusMissing {

        @Test
        void aSetsNullBUntouchedGivesAKeyWithNull() {
            a.put("version", null);

            Map<String, Object> merged = merge().merged();

            assertThat(merged).containsKey("version");
            assertThat(merged.get("version")).isNull();
        }

        @Test
        void aRemovesKeyBUntouchedRemovesIt() {
            a.remove("version");

            assertThat(merge().merged()).doesNotContainKey("version");
        }

        @Test
        void bRemovesKeyAUntouchedStaysRemoved() {
            b.remove("version");

            MergeResult result = merge();

            assertThat(result.merged()).doesNotContainKey("version");
            assertThat(result.targetNeedsWrite()).isFalse();
        }

        @Test
        void nullOnOneSideAndRemovedOnTheOtherConflict() {
            a.put("version", null);
            b.remove("version");

            MergeResult sourceWins = merge(SOURCE_WINS);
            MergeResult targetWins = merge(TARGET_WINS);

            assertThat(sourceWins.conflicts()).extracting(FieldConflict::path).containsExactly("version");
            assertThat(sourceWins.merged()).containsEntry("version", null);
            assertThat(targetWins.merged()).doesNotContainKey("version");
        }

        @Test
        void removedOnOneSideChangedOnTheOtherConflicts() {
            a.put("version", "2.0");
            b.remove("version");

            MergeResult result = merge(TARGET_WINS);

            assertThat(result.conflicts()).containsExactly(
                    new FieldConflict("version", "1.0", "2.0", null, "target-wins"));
            assertThat(result.merged()).doesNotContainKey("version");
        }

        @Test
        void nullInBaseRemovedByAIsRemoved() {
            base.put("url", null);
            b.put("url", null);
            a.put("url", null);
            a.remove("url");

            assertThat(merge().merged()).doesNotContainKey("url");
        }

        @Test
        void keyAddedOnBothSidesWithDifferentValuesConflicts() {
            a.put("author", "Alice");
            b.put("author", "Bob");

            MergeResult result = merge(TARGET_WINS);

            assertThat(result.conflicts()).containsExactly(
                    new FieldConflict("author", null, "Alice", "Bob", "target-wins"));
            assertThat(result.merged()).containsEntry("author", "Bob");
        }

        @Test
        void keyAddedOnBothSidesWithTheSameValueDoesNot() {
            a.put("author", "Alice");
            b.put("author", "Alice");

            assertThat(merge().conflicts()).isEmpty();
        }
    }

    @Nested
    @DisplayName("resources, by id")
    class Resources {

        @Test
        void differentFieldsOfOneResourceMerge() {
            resource(a, "r1").put("url", "https://a.example/2023-v2.csv");
            resource(b, "r1").put("name", "Readings 2023");

            MergeResult result = merge();

            assertThat(resource(result.merged(), "r1"))
                    .containsEntry("url", "https://a.example/2023-v2.csv")
                    .containsEntry("name", "Readings 2023");
            assertThat(result.conflicts()).isEmpty();
        }

        @Test
        void sameFieldChangedDifferentlyConflictsOnTheResourcePath() {
            resource(a, "r2").put("url", "https://a.example/2024-a.csv");
            resource(b, "r2").put("url", "https://b.example/2024-b.csv");

            MergeResult result = merge(TARGET_WINS);

            assertThat(result.conflicts()).containsExactly(new FieldConflict("resources[id=r2].url",
                    "https://a.example/2024.csv", "https://a.example/2024-a.csv", "https://b.example/2024-b.csv",
                    "target-wins"));
            assertThat(resource(result.merged(), "r2")).containsEntry("url", "https://b.example/2024-b.csv");
        }

        @Test
        void additionsFromBothSidesLandAfterTheirPredecessors() {
            list(a, "resources").add(newResource("r4", "https://a.example/2025.csv"));
            list(b, "resources").add(1, newResource("r5", "https://b.example/extra.csv"));

            MergeResult result = merge();

            assertThat(resourceIds(result.merged())).containsExactly("r1", "r5", "r2", "r3", "r4");
            assertThat(resource(result.merged(), "r4")).isEqualTo(newResource("r4", "https://a.example/2025.csv"));
            assertThat(result.conflicts()).isEmpty();
        }

        @Test
        void additionAtTheFrontStaysAtTheFront() {
            list(a, "resources").add(0, newResource("r0", "https://a.example/0.csv"));
            list(a, "resources").add(1, newResource("r00", "https://a.example/00.csv"));

            assertThat(resourceIds(merge().merged())).containsExactly("r0", "r00", "r1", "r2", "r3");
        }

        @Test
        void sameResourceAddedOnBothSides() {
            list(a, "resources").add(newResource("r4", "https://x.example/4.csv"));
            list(b, "resources").add(newResource("r4", "https://x.example/4.csv"));

            MergeResult result = merge();

            assertThat(resourceIds(result.merged())).containsExactly("r1", "r2", "r3", "r4");
            assertThat(result.conflicts()).isEmpty();
        }

        @Test
        void sameIdAddedOnBothSidesWithDifferentUrlConflictsPerField() {
            list(a, "resources").add(newResource("r4", "https://a.example/4.csv"));
            list(b, "resources").add(newResource("r4", "https://b.example/4.csv"));

            MergeResult result = merge(SOURCE_WINS);

            assertThat(result.conflicts()).containsExactly(new FieldConflict("resources[id=r4].url",
                    null, "https://a.example/4.csv", "https://b.example/4.csv", "source-wins"));
            assertThat(resource(result.merged(), "r4")).containsEntry("url", "https://a.example/4.csv");
        }

        @Test
        void deletedOnAUntouchedOnBIsDeleted() {
            removeResource(a, "r2");

            MergeResult result = merge();

            assertThat(resourceIds(result.merged())).containsExactly("r1", "r3");
            assertThat(result.conflicts()).isEmpty();
        }

        @Test
        void deletedOnBUntouchedOnAStaysDeleted() {
            removeResource(b, "r2");

            MergeResult result = merge();

            assertThat(resourceIds(result.merged())).containsExactly("r1", "r3");
            assertThat(result.targetNeedsWrite()).isFalse();
        }

        @Test
        void deletedOnBothSides() {
            removeResource(a, "r2");
            removeResource(b, "r2");

            MergeResult result = merge();

            assertThat(resourceIds(result.merged())).containsExactly("r1", "r3");
            assertThat(result.conflicts()).isEmpty();
        }

        @Test
        void deletedOnAModifiedOnBConflictsOnTheElement() {
            Map<String, Object> r2Base = copy(resource(base, "r2"));
            removeResource(a, "r2");
            resource(b, "r2").put("url", "https://b.example/2024.csv");
            Map<String, Object> r2B = copy(resource(b, "r2"));

            MergeResult sourceWins = merge(SOURCE_WINS);
            MergeResult targetWins = merge(TARGET_WINS);
            MergeResult park = merge(PARK);

            assertThat(sourceWins.conflicts()).containsExactly(
                    new FieldConflict("resources[id=r2]", r2Base, null, r2B, "source-wins"));
            assertThat(resourceIds(sourceWins.merged())).containsExactly("r1", "r3");
            assertThat(resourceIds(targetWins.merged())).containsExactly("r1", "r2", "r3");
            assertThat(resource(targetWins.merged(), "r2")).isEqualTo(r2B);
            assertThat(park.parked()).isTrue();
            assertThat(resourceIds(park.merged())).containsExactly("r1", "r2", "r3");
        }

        @Test
        void deletedOnBModifiedOnAConflictsOnTheElement() {
            resource(a, "r2").put("format", "XLSX");
            removeResource(b, "r2");

            MergeResult sourceWins = merge(SOURCE_WINS);
            MergeResult targetWins = merge(TARGET_WINS);

            assertThat(sourceWins.conflicts()).extracting(FieldConflict::path, FieldConflict::target)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("resources[id=r2]", null));
            assertThat(resourceIds(sourceWins.merged())).containsExactly("r1", "r2", "r3");
            assertThat(resource(sourceWins.merged(), "r2")).containsEntry("format", "XLSX");
            assertThat(resourceIds(targetWins.merged())).containsExactly("r1", "r3");
        }

        @Test
        void resourcesKeyRemovedOnBothSidesStaysAbsent() {
            a.remove("resources");
            b.remove("resources");

            assertThat(merge().merged()).doesNotContainKey("resources");
        }

        @Test
        void noResourcesKeyOnEitherSideStaysAbsent() {
            base.remove("resources");
            a.remove("resources");
            b.remove("resources");

            assertThat(merge().merged()).doesNotContainKey("resources");
        }

        @Test
        void allResourcesDeletedLeavesAnEmptyList() {
            list(a, "resources").clear();

            assertThat(merge().merged()).containsEntry("resources", List.of());
        }
    }

    @Nested
    @DisplayName("resource order")
    class ResourceOrder {

        @Test
        void onlyAReordered() {
            reorderResources(a, "r3", "r1", "r2");
            resource(b, "r1").put("name", "Readings 2023");

            MergeResult result = merge();

            assertThat(resourceIds(result.merged())).containsExactly("r3", "r1", "r2");
            assertThat(resource(result.merged(), "r1")).containsEntry("name", "Readings 2023");
            assertThat(result.conflicts()).isEmpty();
        }

        @Test
        void onlyBReordered() {
            reorderResources(b, "r2", "r3", "r1");

            MergeResult result = merge();

            assertThat(resourceIds(result.merged())).containsExactly("r2", "r3", "r1");
            assertThat(result.conflicts()).isEmpty();
            assertThat(result.targetNeedsWrite()).isFalse();
        }

        @Test
        void bothReorderedTheSameWay() {
            reorderResources(a, "r3", "r2", "r1");
            reorderResources(b, "r3", "r2", "r1");

            MergeResult result = merge();

            assertThat(resourceIds(result.merged())).containsExactly("r3", "r2", "r1");
            assertThat(result.conflicts()).isEmpty();
        }

        @Test
        void bothReorderedDifferentlyIsAConflictOnTheOrder() {
            reorderResources(a, "r3", "r1", "r2");
            reorderResources(b, "r2", "r1", "r3");

            MergeResult sourceWins = merge(SOURCE_WINS);
            MergeResult targetWins = merge(TARGET_WINS);
            MergeResult park = merge(PARK);

            assertThat(sourceWins.conflicts()).containsExactly(new FieldConflict("resources",
                    List.of("r1", "r2", "r3"), List.of("r3", "r1", "r2"), List.of("r2", "r1", "r3"), "source-wins"));
            assertThat(resourceIds(sourceWins.merged())).containsExactly("r3", "r1", "r2");
            assertThat(resourceIds(targetWins.merged())).containsExactly("r2", "r1", "r3");
            assertThat(park.parked()).isTrue();
            assertThat(resourceIds(park.merged())).containsExactly("r2", "r1", "r3");
        }

        @Test
        void aReordersAndBAddsAfterItsPredecessor() {
            reorderResources(a, "r3", "r1", "r2");
            list(b, "resources").add(1, newResource("r5", "https://b.example/5.csv"));

            assertThat(resourceIds(merge().merged())).containsExactly("r3", "r1", "r5", "r2");
        }

        @Test
        void deletingIsNotReordering() {
            removeResource(a, "r1");
            reorderResources(b, "r3", "r2", "r1");

            MergeResult result = merge();

            assertThat(resourceIds(result.merged())).containsExactly("r3", "r2");
            assertThat(result.conflicts()).isEmpty();
        }
    }

    @Nested
    @DisplayName("tags by name and vocabulary")
    class Tags {

        @Test
        void tagsAddedOnBothSidesKeepBsOrderThenAsNewOnes() {
            list(a, "tags").add(tag("pm10"));
            list(b, "tags").add(0, tag("ozone"));

            assertThat(list(merge().merged(), "tags"))
                    .containsExactly(tag("ozone"), tag("air"), tag("no2", "pollutants"), tag("pm10"));
        }

        @Test
        void freeTagWithTheNameOfAVocabularyTagIsAnotherTag() {
            list(a, "tags").add(tag("no2"));

            assertThat(list(merge().merged(), "tags"))
                    .containsExactly(tag("air"), tag("no2", "pollutants"), tag("no2"));
        }

        @Test
        void vocabularyTagRemovedOnAWhileBAddsAFreeTagOfThatName() {
            list(a, "tags").remove(tag("no2", "pollutants"));
            list(b, "tags").add(tag("no2"));

            MergeResult result = merge();

            assertThat(list(result.merged(), "tags")).containsExactly(tag("air"), tag("no2"));
            assertThat(result.conflicts()).isEmpty();
        }

        @Test
        void tagRemovedOnAUntouchedOnB() {
            list(a, "tags").remove(tag("air"));

            assertThat(list(merge().merged(), "tags")).containsExactly(tag("no2", "pollutants"));
        }

        @Test
        void sameTagAddedOnBothSidesAppearsOnce() {
            list(a, "tags").add(tag("pm10"));
            list(b, "tags").add(tag("pm10"));

            MergeResult result = merge();

            assertThat(list(result.merged(), "tags")).containsExactly(tag("air"), tag("no2", "pollutants"), tag("pm10"));
            assertThat(result.targetNeedsWrite()).isFalse();
        }

        @Test
        void tagOrderChangeAloneIsNoWrite() {
            list(b, "tags").add(0, list(b, "tags").remove(1));

            assertThat(merge().targetNeedsWrite()).isFalse();
        }
    }

    @Nested
    @DisplayName("extras by key")
    class Extras {

        @Test
        void differentExtrasChangedOnEachSide() {
            extra(a, "source").put("value", "sensor network v2");
            extra(b, "frequency").put("value", "daily");

            MergeResult result = merge();

            assertThat(list(result.merged(), "extras"))
                    .containsExactly(extra("source", "sensor network v2"), extra("frequency", "daily"));
            assertThat(result.conflicts()).isEmpty();
        }

        @Test
        void sameExtraChangedDifferentlyConflictsOnItsValue() {
            extra(a, "source").put("value", "A's source");
            extra(b, "source").put("value", "B's source");

            MergeResult result = merge(TARGET_WINS);

            assertThat(result.conflicts()).containsExactly(new FieldConflict("extras[key=source].value",
                    "sensor network", "A's source", "B's source", "target-wins"));
            assertThat(extra(result.merged(), "source")).containsEntry("value", "B's source");
        }

        @Test
        void sameNewKeyWithDifferentValuesConflicts() {
            list(a, "extras").add(extra("language", "de"));
            list(b, "extras").add(extra("language", "fr"));

            MergeResult result = merge(SOURCE_WINS);

            assertThat(result.conflicts()).containsExactly(
                    new FieldConflict("extras[key=language].value", null, "de", "fr", "source-wins"));
            assertThat(extra(result.merged(), "language")).containsEntry("value", "de");
        }

        @Test
        void removedOnBChangedOnAConflictsOnTheElement() {
            extra(a, "frequency").put("value", "daily");
            list(b, "extras").removeIf(e -> "frequency".equals(e.get("key")));

            MergeResult result = merge(TARGET_WINS);

            assertThat(result.conflicts()).containsExactly(new FieldConflict("extras[key=frequency]",
                    extra("frequency", "hourly"), extra("frequency", "daily"), null, "target-wins"));
            assertThat(list(result.merged(), "extras")).containsExactly(extra("source", "sensor network"));
        }

        @Test
        void extraValueSetToNullIsKeptAsNull() {
            extra(a, "source").put("value", null);

            assertThat(extra(merge().merged(), "source")).containsEntry("value", null);
        }
    }

    @Nested
    @DisplayName("groups by name")
    class Groups {

        @Test
        void aAddsAGroupWhileBLeavesOne() {
            list(a, "groups").add(group("health"));
            list(b, "groups").clear();

            MergeResult result = merge();

            assertThat(list(result.merged(), "groups")).containsExactly(group("health"));
            assertThat(result.conflicts()).isEmpty();
        }

        @Test
        void sameGroupAddedOnBothSidesAppearsOnce() {
            list(a, "groups").add(group("transport"));
            list(b, "groups").add(group("transport"));

            assertThat(list(merge().merged(), "groups")).containsExactly(group("environment"), group("transport"));
        }
    }

    @Nested
    @DisplayName("unicode")
    class Unicode {

        @Test
        void unicodeEditsOnBothSidesMerge() {
            a.put("title", "Luftqualität – Zürich 🌫");
            list(b, "tags").add(tag("Überwachung"));
            extra(b, "source").put("value", "Messnetz Zürich");

            MergeResult result = merge();

            assertThat(result.merged()).containsEntry("title", "Luftqualität – Zürich 🌫");
            assertThat(list(result.merged(), "tags")).contains(tag("Überwachung"));
            assertThat(extra(result.merged(), "source")).containsEntry("value", "Messnetz Zürich");
            assertThat(result.targetChanges()).extracting(FieldChange::path).contains("tags[name=Überwachung]");
            assertThat(result.conflicts()).isEmpty();
        }

        @Test
        void sameUnicodeTitleOnBothSidesIsNoConflict() {
            a.put("title", "Качество воздуха");
            b.put("title", new String("Качество воздуха".toCharArray()));

            assertThat(merge().conflicts()).isEmpty();
        }

        @Test
        void composedAndDecomposedFormsAreDifferentValues() {
            // no Unicode normalisation: "é" as one code point and as e + combining accent differ
            a.put("title", "Qualit\u00e9 de l'air");
            b.put("title", "Qualite\u0301 de l'air");

            assertThat(merge().conflicts()).extracting(FieldConflict::path).containsExactly("title");
        }
    }

    @Nested
    @DisplayName("first sync: no base")
    class NoBase {

        @Test
        void identicalHeadsNeedNoWrite() {
            MergeResult result = merger.merge(null, a, b, SOURCE_WINS);

            assertThat(result.conflicts()).isEmpty();
            assertThat(result.merged()).isEqualTo(b);
            assertThat(result.targetNeedsWrite()).isFalse();
        }

        @Test
        void differentValuesForOneKeyConflictWithNullBase() {
            b.put("title", "B's own title");

            MergeResult result = merger.merge(null, a, b, SOURCE_WINS);

            assertThat(result.conflicts()).containsExactly(
                    new FieldConflict("title", null, "Air quality", "B's own title", "source-wins"));
            assertThat(result.merged()).containsEntry("title", "Air quality");
        }

        @Test
        void listsAreUnitedByIdentity() {
            list(a, "resources").removeIf(r -> !"r1".equals(r.get("id")));
            list(b, "resources").removeIf(r -> "r1".equals(r.get("id")));
            list(b, "tags").add(tag("ozone"));

            MergeResult result = merger.merge(null, a, b, SOURCE_WINS);

            assertThat(resourceIds(result.merged())).containsExactly("r1", "r2", "r3");
            assertThat(list(result.merged(), "tags"))
                    .containsExactly(tag("air"), tag("no2", "pollutants"), tag("ozone"));
            assertThat(result.conflicts()).isEmpty();
        }

        @Test
        void sameResourceWithDifferentUrlConflicts() {
            resource(b, "r1").put("url", "https://b.example/2023.csv");

            MergeResult result = merger.merge(null, a, b, TARGET_WINS);

            assertThat(result.conflicts()).extracting(FieldConflict::path).containsExactly("resources[id=r1].url");
            assertThat(resource(result.merged(), "r1")).containsEntry("url", "https://b.example/2023.csv");
        }

        @Test
        void sourceChangesAreEverythingAdded() {
            MergeResult result = merger.merge(null, a, b, SOURCE_WINS);

            assertThat(result.sourceChanges()).extracting(FieldChange::op).containsOnly(FieldChange.Op.ADDED);
            assertThat(result.sourceChanges()).extracting(FieldChange::path).contains("title", "resources[id=r2]");
        }
    }

    @Nested
    @DisplayName("other values")
    class OtherValues {

        @Test
        void unknownListKeyConflictsAsAWholeValue() {
            base.put("languages", List.of("de"));
            a.put("languages", List.of("de", "fr"));
            b.put("languages", List.of("de", "it"));

            MergeResult result = merge(TARGET_WINS);

            assertThat(result.conflicts()).containsExactly(new FieldConflict("languages",
                    List.of("de"), List.of("de", "fr"), List.of("de", "it"), "target-wins"));
            assertThat(result.merged()).containsEntry("languages", List.of("de", "it"));
        }

        @Test
        void tagsSetToNullOnOneSideIsAWholeValueChange() {
            a.put("tags", null);

            MergeResult result = merge();

            assertThat(result.merged()).containsEntry("tags", null);
        }

        @Test
        void numbersOfDifferentJavaTypesAreTheSameValue() {
            base.put("downloads", 7);
            a.put("downloads", 7L);
            b.put("downloads", 8);

            MergeResult result = merge();

            assertThat(result.conflicts()).isEmpty();
            assertThat(result.merged()).containsEntry("downloads", 8);
        }
    }

    @Nested
    @DisplayName("contract")
    class Contract {

        @ParameterizedTest
        @EnumSource(ConflictPolicy.class)
        void inputsAreNotModifiedAndTheResultDoesNotAliasThem(ConflictPolicy policy) {
            a.put("title", "A");
            b.put("title", "B");
            list(a, "resources").add(newResource("r4", "https://a.example/4.csv"));
            reorderResources(b, "r2", "r1", "r3");
            Map<String, Object> baseBefore = copy(base);
            Map<String, Object> aBefore = copy(a);
            Map<String, Object> bBefore = copy(b);

            MergeResult result = merge(policy);
            resource(result.merged(), "r1").put("url", "mutated");
            resource(result.merged(), "r4").put("url", "mutated"); // taken whole from A
            list(result.merged(), "tags").clear();

            assertThat(base).isEqualTo(baseBefore);
            assertThat(a).isEqualTo(aBefore);
            assertThat(b).isEqualTo(bBefore);
        }

        @Test
        void resultListsAreImmutable() {
            a.put("title", "A");
            b.put("title", "B");

            MergeResult result = merge();

            assertThatThrownBy(() -> result.conflicts().clear()).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void missingHeadsOrPolicyAreRejected() {
            assertThatThrownBy(() -> merger.merge(base, null, b, SOURCE_WINS)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("source");
            assertThatThrownBy(() -> merger.merge(base, a, null, SOURCE_WINS)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("target");
            assertThatThrownBy(() -> merger.merge(base, a, b, null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("policy");
        }

        @Test
        void duplicateTagIsRejectedWithItsPath() {
            list(b, "tags").add(tag("air"));

            assertThatThrownBy(() -> merge()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tags[name=air]");
        }

        @Test
        void wholeResultSerialisesToJson() throws Exception {
            a.put("title", "A");
            b.put("title", "B");

            String json = PackageFixtures.JSON.writeValueAsString(merge(PARK));

            assertThat(json).contains("\"parked\":true", "\"resolution\":\"parked\"", "\"merged\":{\"id\":\"p1\"");
        }
    }
}
