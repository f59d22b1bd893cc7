package org.ckansync.observe;

import org.ckansync.config.ConfigException;
import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.Duration;
import java.util.Date;

/** The operator's thresholds of the pair health checks (ckan-sync.health.*). */
record ObserveSettings(int lateAfterSchedules, int deadLettersMax) {
    static final String LATE_AFTER = "ckan-sync.health.late-after-schedules";
    static final String DEAD_LETTERS_MAX = "ckan-sync.health.dead-letters-max";

    static ObserveSettings of(String lateAfter, String deadLettersMax) {
        return new ObserveSettings(positive(LATE_AFTER, lateAfter), positive(DEAD_LETTERS_MAX, deadLettersMax));
    }

    /** How old the last successful sync may be: this many intervals of the schedule (the longest gap between two fires). */
    Duration lateAfter(String cron) {
        try {
            CronExpression e = new CronExpression(cron);
            Date first = e.getNextValidTimeAfter(new Date());
            Date second = first == null ? null : e.getNextValidTimeAfter(first);
            long interval = first == null || second == null ? 86_400_000L : second.getTime() - first.getTime();
            return Duration.ofMillis(interval * lateAfterSchedules);
        } catch (ParseException ex) {
            return Duration.ofDays(1);              // the pair's own validation reports a bad cron; never here
        }
    }

    private static int positive(String key, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(key, "'" + value + "' is not a whole number (0 or more)");
    }
}
