package org.ckansync.observe;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.ckansync.app.Operations;

import java.time.Duration;
import java.util.stream.LongStream;

/**
 * ckan-sync's part of Camel's observability: its health checks in Camel's health-check registry (served by
 * camel-platform-http-main at /observe/health, /live, /ready) and its gauges in the meter registry camel-micrometer
 * and Camel's Prometheus service share (served at /observe/metrics). The routes count and time the rest with
 * {@code micrometer:} steps.
 */
public final class Observability {
    /** The registry name camel-micrometer and camel-micrometer-prometheus look up (and would otherwise create). */
    public static final String METER_REGISTRY = "metricsRegistry";
    /** The timer of every CKAN call (routes/ckan-call.camel.yaml): its histogram buckets, in seconds. */
    static final String CKAN_CALLS = "ckan_sync.ckan.calls";
    private static final double[] CALL_BUCKETS_SECONDS = {0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

    private Observability() {
    }

    /**
     * The meter registry of the bundle: Prometheus format, with latency histograms (fixed buckets, so every portal's
     * series can be summed) for the CKAN call timer.
     */
    public static PrometheusMeterRegistry meterRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(CKAN_CALLS)) {
                    return config;
                }
                double[] nanos = LongStream.range(0, CALL_BUCKETS_SECONDS.length)
                        .mapToDouble(i -> Duration.ofMillis(Math.round(CALL_BUCKETS_SECONDS[(int) i] * 1000)).toNanos())
                        .toArray();
                return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
            }
        });
        return registry;
    }

    /** Called from the bundle's CamelConfiguration, before the routes start. */
    public static void install(CamelContext context, String lateAfterSchedules, String deadLettersMax) {
        ObserveSettings settings = ObserveSettings.of(lateAfterSchedules, deadLettersMax);
        Operations operations = Operations.of(context);
        PortalStatus portals = context.getRegistry().lookupByNameAndType("portalStatus", PortalStatus.class);
        CkanSyncHealthChecks checks = new CkanSyncHealthChecks(context, operations, portals, settings);
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(checks);
        } else {
            // no registry yet: Camel's health-check registry takes the repositories bound in the registry when it starts
            context.getRegistry().bind("ckanSyncHealthChecks", HealthCheckRepository.class, checks);
        }
        MeterRegistry meters = context.getRegistry().lookupByNameAndType(METER_REGISTRY, MeterRegistry.class);
        if (meters != null) {
            PairGauges gauges = new PairGauges(context, operations, meters);
            gauges.register();
        }
    }
}
