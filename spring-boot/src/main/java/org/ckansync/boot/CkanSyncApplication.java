package org.ckansync.boot;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.ckansync.app.PairSchedules;
import org.ckansync.app.SyncApp;
import org.ckansync.app.SyncBeans;
import org.ckansync.config.PairConfig;
import org.ckansync.config.Pairs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * ckan-sync on Spring Boot: camel-spring-boot loads the bundle's routes (classpath:routes/*.camel.yaml) and its
 * defaults (classpath:config/application.properties, which Spring Boot reads by itself); the beans are the bundle's
 * own {@link SyncBeans}, bound to Camel's registry the way Camel Main binds them. Started, it does what the jar's
 * daemon ({@code ckan-sync run}) does: checks every pair's portals and tokens, then starts the pairs' schedules.
 */
// the bundle owns its state database (db.*: its pool, its Flyway migrations); Spring Boot makes neither
@SpringBootApplication(exclude = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
public class CkanSyncApplication {
    private static final Logger LOG = LoggerFactory.getLogger(CkanSyncApplication.class);

    public static void main(String[] args) {
        SpringApplication.run(CkanSyncApplication.class, args);
    }

    @Bean
    CamelContextConfiguration ckanSync(ConfigurableEnvironment environment) {
        SyncBeans beans = new SyncBeans();
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                // the keys SyncBeans checks for typos, as the jar checks the operator's file
                context.getRegistry().bind(SyncApp.OPERATOR_KEYS, settingNames(environment));
                try {
                    // Camel Main does this for its configuration classes: @BindToRegistry methods, @PropertyInject
                    PluginHelper.getBeanPostProcessor(context).postProcessBeforeInitialization(beans, "syncBeans");
                    PluginHelper.getBeanPostProcessor(context).postProcessAfterInitialization(beans, "syncBeans");
                } catch (Exception e) {
                    throw SyncApp.unwrap(e);
                }
                beans.configure(context);   // the admin API, when admin.token is set (ckan-sync.mode = daemon)
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
                // the pairs start in startPairs, where a refusal fails the application's start
            }
        };
    }

    /**
     * Once Camel has started: every pair's portals and tokens are checked, then the schedules start. A runner, not a
     * Camel start-up callback, because a refusal here must fail the application's start (exit code 1, so systemd or
     * Kubernetes restart it) instead of leaving a running application that never syncs.
     */
    @Bean
    ApplicationRunner startPairs(CamelContext context) {
        return args -> {
            ProducerTemplate template = context.createProducerTemplate();
            Pairs pairs = context.getRegistry().lookupByNameAndType("pairs", Pairs.class);
            for (PairConfig pair : pairs.all()) {
                Map<String, String> versions = SyncApp.verify(template, pair);
                LOG.info("pair {}: {} (CKAN {}) {} {} (CKAN {}); sync \"{}\", reconcile \"{}\"", pair.id(),
                        pair.source().url(), versions.get("source"), pair.twoWay() ? "<->" : "->",
                        pair.target().url(), versions.get("target"), pair.schedule(), pair.reconcileSchedule());
            }
            context.getRegistry().lookupByNameAndType("pairSchedules", PairSchedules.class).startAll();
            LOG.info("ckan-sync is running on Spring Boot");
        };
    }

    /**
     * Every key of Spring's configuration (files, command line, test properties): ckan-sync checks those in its own
     * namespaces (ckan-sync., pair., db., admin., log.) and leaves the rest (spring., server., camel., ...) alone.
     */
    static Map<String, String> settingNames(ConfigurableEnvironment environment) {
        Map<String, String> keys = new HashMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> e) {
                for (String name : e.getPropertyNames()) {
                    keys.putIfAbsent(name, String.valueOf(e.getProperty(name)));
                }
            }
        }
        return keys;
    }
}
