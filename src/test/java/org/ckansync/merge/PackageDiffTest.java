package org.ckansync.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ckansync.merge.FieldChange.Op.ADDED;
import static org.ckansync.merge.FieldChange.Op.CHANGED;
import static org.ckansync.merge.FieldChange.Op.MOVED;
import static org.ckansync.merge.FieldChange.Op.REMOVED;
import static org.ckansync.merge.PackageFixtures.copy;
import static org.ckansync.merge.PackageFixtures.extra;
import static org.ckansync.merge.PackageFixtures.group;
import static org.ckansync.merge.PackageFixtures.json;
import static org.ckansync.merge.PackageFixtures.list;
import static org.ckansync.merge.PackageFixtures.newResource;
import static org.ckansync.merge.PackageFixtures.package1;
import static org.ckansync.merge.PackageFixtures.removeResource;
import static org.ckansync.merge.PackageFixtures.reorderResources;
import static org.ckansync.merge.PackageFixtures.resource;
import static org.ckansync.merge.PackageFixtures.tag;

import com.fasterxml.jackson.core.type.TypeReference;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PackageDiffTest {

    private final Map<String, Object> base = package1();
    private final Map<String, Object> head = copy(base);

    private List<FieldChange> diff() {
        return PackageDiff.between(base, head);
    }

    @Test
    void identicalPackagesHaveNoChanges() {
        assertThat(diff()).isEmpty();
    }

    @Nested
    @DisplayName("scalar fields")
    class Scalars {

        @Test
        void changedTitleIsOneChangeWithBothValues() {
            head.put("title", "Air quality (hourly)");

            assertThat(diff()).containsExactly(
                    new FieldChange("title", CHANGED, "Air quality", "Air quality (hourly)"));
        }

        @Test
        void newKeyIsAdded() {
            head.put("author", "Env Agency");

            assertThat(diff()).containsExactly(new FieldChange("author", ADDED, null, "Env Agency"));
        }

        @Test
        void keySetToNullIsAChangeNotARemoval() {
            head.put("version", null);

            assertThat(diff()).containsExactly(new FieldChange("version", CHANGED, "1.0", null));
        }

        @Test
        void missingKeyIsARemoval() {
            head.remove("version");

            assertThat(diff()).containsExactly(new FieldChange("version", REMOVED, "1.0", null));
        }

        @Test
        void nullToMissingIsARemovalAndMissingToNullAnAddition() {
            base.put("url", null);
            Map<String, Object> withoutUrl = copy(base);
            withoutUrl.remove("url");

            assertThat(PackageDiff.between(base, withoutUrl))
                    .containsExactly(new FieldChange("url", REMOVED, null, null));
            assertThat(PackageDiff.between(withoutUrl, base))
                    .containsExactly(new FieldChange("url", ADDED, null, null));
        }

        @Test
        void booleanFlip() {
            head.put("private", true);

            assertThat(diff()).containsExactly(new FieldChange("private", CHANGED, false, true));
        }

        @Test
        void numbersCompareByValueNotByJavaType() {
            base.put("downloads", 12);
            head.put("downloads", 12L);
            assertThat(diff()).isEmpty();

            head.put("downloads", 13L);
            assertThat(diff()).containsExactly(new FieldChange("downloads", CHANGED, 12, 13L));
        }

        @Test
        void unicodeValuesCompareByEquality() {
            base.put("title", "Luftqualität Zürich");
            head.put("title", "Luftqualität Zürich");
            assertThat(diff()).isEmpty();

            head.put("title", "Luftqualität Zürich – stündlich 🌫");
            assertThat(diff()).containsExactly(new FieldChange("title", CHANGED,
                    "Luftqualität Zürich", "Luftqualität Zürich – stündlich 🌫"));
        }

        @Test
        void unknownListKeyIsComparedAsAWholeValue() {
            base.put("languages", List.of("de", "fr"));
            head.put("languages", List.of("fr", "de", "it"));

            assertThat(diff()).containsExactly(new FieldChange("languages", CHANGED,
                    List.of("de", "fr"), List.of("fr", "de", "it")));
        }

        @Test
        void keyedListSetToNullIsComparedAsAWholeValue() {
            head.put("groups", null);

            assertThat(diff()).containsExactly(
                    new FieldChange("groups", CHANGED, List.of(group("environment")), null));
        }
    }

    @Nested
    @DisplayName("resources, by id")
    class Resources {

        @Test
        void changedUrlIsAddressedByResourceId() {
            resource(head, "r2").put("url", "https://a.example/2024-v2.csv");

            assertThat(diff()).containsExactly(new FieldChange("resources[id=r2].url", CHANGED,
                    "https://a.example/2024.csv", "https://a.example/2024-v2.csv"));
        }

        @Test
        void fieldsAddedAndRemovedInsideAResource() {
            resource(head, "r1").put("description", "Readings of 2023");
            resource(head, "r1").remove("format");

            assertThat(diff()).containsExactlyInAnyOrder(
                    new FieldChange("resources[id=r1].format", REMOVED, "CSV", null),
                    new FieldChange("resources[id=r1].description", ADDED, null, "Readings of 2023"));
        }

        @Test
        void addedResourceIsOneWholeElementAndNotAReorder() {
            list(head, "resources").add(1, newResource("r4", "https://a.example/2025.csv"));

            assertThat(diff()).containsExactly(new FieldChange("resources[id=r4]", ADDED, null,
                    newResource("r4", "https://a.example/2025.csv")));
        }

        @Test
        void removedResourceIsOneWholeElementAndNotAReorder() {
            Map<String, Object> r1 = copy(resource(base, "r1"));
            removeResource(head, "r1");

            assertThat(diff()).containsExactly(new FieldChange("resources[id=r1]", REMOVED, r1, null));
        }

        @Test
        void reorderIsMovedWithBothIdLists() {
            reorderResources(head, "r3", "r1", "r2");

            assertThat(diff()).containsExactly(new FieldChange("resources", MOVED,
                    List.of("r1", "r2", "r3"), List.of("r3", "r1", "r2")));
        }

        @Test
        void resourcesInAFirstSyncAreEachAdded() {
            List<FieldChange> changes = PackageDiff.between(null, base);

            assertThat(changes).extracting(FieldChange::path).contains(
                    "title", "resources[id=r1]", "resources[id=r2]", "resources[id=r3]",
                    "tags[name=air]", "tags[name=no2,vocabulary=pollutants]",
                    "extras[key=source]", "extras[key=frequency]", "groups[name=environment]");
            assertThat(changes).extracting(FieldChange::op).containsOnly(ADDED);
        }

        @Test
        void duplicateResourceIdIsRejected() {
            list(head, "resources").add(newResource("r1", "https://a.example/copy.csv"));

            assertThatThrownBy(this::diffHead).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("resources[id=r1]");
        }

        @Test
        void resourceWithoutIdIsRejected() {
            resource(head, "r2").remove("id");

            assertThatThrownBy(this::diffHead).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("resources[1] has no id");
        }

        private void diffHead() {
            diff();
        }
    }

    @Nested
    @DisplayName("tags, extras, groups")
    class OtherLists {

        @Test
        void freeTagAndVocabularyTagPaths() {
            list(head, "tags").removeIf(t -> "no2".equals(t.get("name")));
            list(head, "tags").add(tag("pm10"));

            assertThat(diff()).containsExactly(
                    new FieldChange("tags[name=no2,vocabulary=pollutants]", REMOVED, tag("no2", "pollutants"), null),
                    new FieldChange("tags[name=pm10]", ADDED, null, tag("pm10")));
        }

        @Test
        void sameNameInAnotherVocabularyIsAnotherTag() {
            list(head, "tags").add(tag("no2"));

            assertThat(diff()).containsExactly(new FieldChange("tags[name=no2]", ADDED, null, tag("no2")));
        }

        @Test
        void tagOrderIsNotAChange() {
            list(head, "tags").add(0, list(head, "tags").remove(1));

            assertThat(diff()).isEmpty();
        }

        @Test
        void extraValueChangeIsAddressedByKey() {
            PackageFixtures.extra(head, "frequency").put("value", "daily");

            assertThat(diff()).containsExactly(
                    new FieldChange("extras[key=frequency].value", CHANGED, "hourly", "daily"));
        }

        @Test
        void extraKeysAreEscapedInPaths() {
            list(head, "extras").add(extra("a,b=c]", "x"));

            assertThat(diff()).extracting(FieldChange::path).containsExactly("extras[key=a\\,b\\=c\\]]");
        }

        @Test
        void groupsByName() {
            list(head, "groups").clear();
            list(head, "groups").add(group("health"));

            assertThat(diff()).containsExactly(
                    new FieldChange("groups[name=environment]", REMOVED, group("environment"), null),
                    new FieldChange("groups[name=health]", ADDED, null, group("health")));
        }

        @Test
        void missingTagsKeyMeansNoTags() {
            head.remove("tags");

            assertThat(diff()).extracting(FieldChange::path, FieldChange::op).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("tags[name=air]", REMOVED),
                    org.assertj.core.groups.Tuple.tuple("tags[name=no2,vocabulary=pollutants]", REMOVED));
        }

        @Test
        void unicodeTagNameInPath() {
            list(head, "tags").add(tag("Überwachung"));

            assertThat(diff()).containsExactly(
                    new FieldChange("tags[name=Überwachung]", ADDED, null, tag("Überwachung")));
        }
    }

    @Test
    void changesFollowTheBaseKeyOrderThenNewKeys() {
        head.put("author", "Env Agency");
        head.put("title", "New title");
        head.remove("notes");

        assertThat(diff()).extracting(FieldChange::path).containsExactly("title", "notes", "author");
    }

    @Test
    void diffsRoundTripThroughJackson() throws Exception {
        head.put("title", "Luftqualität");
        resource(head, "r1").put("url", "https://b.example/2023.csv");
        reorderResources(head, "r2", "r1", "r3");
        list(head, "tags").add(tag("ozone"));
        head.put("version", null);
        List<FieldChange> changes = diff();

        String json = PackageFixtures.JSON.writeValueAsString(changes);
        List<FieldChange> read = PackageFixtures.JSON.readValue(json, new TypeReference<List<FieldChange>>() { });

        assertThat(json).contains("\"path\":\"resources[id=r1].url\"", "\"op\":\"MOVED\"");
        assertThat(read).isEqualTo(changes);
    }

    @Test
    void diffDoesNotModifyItsInputs() {
        Map<String, Object> baseBefore = copy(base);
        head.put("title", "x");
        removeResource(head, "r2");
        Map<String, Object> headBefore = copy(head);

        diff();

        assertThat(base).isEqualTo(baseBefore);
        assertThat(head).isEqualTo(headBefore);
    }
}
