package org.ckansync.routes;

import org.apache.camel.component.mock.MockEndpoint;
import org.ckansync.run.SyncRun;
import org.ckansync.state.DeadLetter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision of package-errors (routes/error-handling.camel.yaml) for one package's write: rejected → the dead-letter
 * route (routes/dead-letter.camel.yaml) and its sql insert, at once; transient → retried, and no dead letter.
 */
class DeadLetterRouteTest extends RouteTest {
    private static final String FORBIDDEN =
            "{\"success\": false, \"error\": {\"__type\": \"Authorization Error\", \"message\": \"User not authorized to create\"}}";

    private String refused;
    private String fine;

    private void twoPackagesAndTheRoutesObserved() throws Exception {
        a.organization("env-agency", "Environment Agency", "Air and water");
        refused = dataset("air-quality");
        fine = dataset("water-quality");
        start();
        observeCkanCalls();
        observeStatement("save-dead-letter", "dead-letter-insert");
    }

    @Test
    void aRejectedWriteIsDeadLetteredWithItsReasonAtTheFirstAttemptAndTheRunGoesOn() throws Exception {
        twoPackagesAndTheRoutesObserved();
        b.traffic().failAlways("package_create", refused, 403, FORBIDDEN);
        MockEndpoint insert = mock("dead-letter-insert");
        insert.expectedMessageCount(1);

        SyncRun run = app.runSync(PAIR, false);

        insert.assertIsSatisfied();
        assertThat(run.status()).as(run.message()).isEqualTo("ok");
        assertThat(eventsLike("target package_create " + refused)).as("tries of the refused create").hasSize(1);
        assertThat(b.find(fine)).isPresent();
        List<DeadLetter> letters = app.deadLetters().list(PAIR, null, DeadLetter.OPEN);
        assertThat(letters).singleElement().satisfies(d -> {
            assertThat(d.packageId()).isEqualTo(refused);
            assertThat(d.httpStatus()).isEqualTo(403);
            assertThat(d.detail()).contains("User not authorized to create");
            assertThat(d.attempts()).isEqualTo(1);
        });
    }

    @Test
    void aTransientFailureOfAWriteIsRetriedAndNotDeadLettered() throws Exception {
        twoPackagesAndTheRoutesObserved();
        b.traffic().failNext("package_create", 1, 503, "Service Unavailable");
        MockEndpoint insert = mock("dead-letter-insert");
        insert.expectedMessageCount(0);

        SyncRun run = app.runSync(PAIR, false);

        assertThat(run.status()).as(run.message()).isEqualTo("ok");
        insert.assertIsSatisfied();
        assertThat(b.find(refused)).isPresent();
        assertThat(b.find(fine)).isPresent();
        assertThat(eventsLike("target package_create")).as("the failed create sent again").hasSize(3);
        assertThat(app.deadLetters().list(PAIR, null, null)).isEmpty();
    }
}
