package org.ckansync.scenario;
import org.junit.jupiter.api.Test;
class ZzPropProbeTest extends ScenarioTest {
    @Test
    void probe() throws Exception {
        System.out.println("PROBE retries=" + app().context().resolvePropertyPlaceholders("{{ckan-sync.http.retries}}")
            + " delay=" + app().context().resolvePropertyPlaceholders("{{ckan-sync.http.retry-delay-ms}}"));
        var rc = app().context().getCamelContextExtension().getContextPlugin(org.apache.camel.model.Model.class).getRouteConfigurationDefinitions();
        rc.forEach(r -> System.out.println("PROBE rc " + r.getId() + " " + r.getOnExceptions()));
    }
}
