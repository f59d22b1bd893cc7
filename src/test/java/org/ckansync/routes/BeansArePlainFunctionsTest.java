package org.ckansync.routes;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Executable;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The beans are functions on values (issue 8): no class of a bean package takes an {@link Exchange}, holds a
 * ProducerTemplate or ConsumerTemplate, or reaches for the CamelContext or a Message. The routes make every call. Every
 * package of org.ckansync is a bean package except the ones that are Camel's side of the seam: app (bootstrap, the
 * schedules, the read-ahead's aggregation strategy), admin (the admin API and console), cli (a client of the routes), observe (Camel health-check and
 * meter-binder implementations: Camel's own SPI, which hands them the CamelContext).
 * Checked on the compiled classes, so an inner class or a lambda cannot hide a reference.
 */
class BeansArePlainFunctionsTest {
    static final Set<String> CAMEL_SIDE = Set.of("app", "admin", "cli", "observe");
    static final Set<String> MUST_BE_BEANS = Set.of("plan", "merge", "feed", "write", "reconcile", "run", "state", "ckan", "config");
    /** A reference to one of these in a class file's constant pool (ExchangeProperty and the like do not match). */
    static final Pattern CAMEL_INTERNALS = Pattern.compile(
            "org/apache/camel/(Exchange|Message|ProducerTemplate|FluentProducerTemplate|ConsumerTemplate|CamelContext)(?![A-Za-z0-9_$/])");

    @Test
    void noBeanTakesAnExchangeOrHoldsATemplate() throws Exception {
        Path root = classesRoot();
        List<String> beanPackages;
        try (Stream<Path> dirs = Files.list(root.resolve("org/ckansync"))) {
            beanPackages = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(p -> !CAMEL_SIDE.contains(p)).sorted().toList();
        }
        assertThat(beanPackages).containsAll(MUST_BE_BEANS);
        List<String> violations = new ArrayList<>();
        for (String pkg : beanPackages) {
            try (Stream<Path> files = Files.walk(root.resolve("org/ckansync/" + pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    violations.addAll(violations(root, f));
                }
            }
        }
        assertThat(violations).as("Camel internals in bean packages %s", beanPackages).isEmpty();
    }

    private static List<String> violations(Path root, Path classFile) throws IOException, ClassNotFoundException {
        List<String> out = new ArrayList<>();
        String name = root.relativize(classFile).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> type = Class.forName(name, false, BeansArePlainFunctionsTest.class.getClassLoader());
        List<Executable> members = new ArrayList<>(List.of(type.getDeclaredMethods()));
        members.addAll(List.of(type.getDeclaredConstructors()));
        for (Executable m : members) {
            for (Class<?> p : m.getParameterTypes()) {
                if (Exchange.class.isAssignableFrom(p)) {
                    out.add(name + "." + m.getName() + " takes an Exchange");
                }
            }
        }
        Matcher refs = CAMEL_INTERNALS.matcher(new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1));
        while (refs.find()) {
            out.add(name + " refers to org.apache.camel." + refs.group(1));
        }
        return out;
    }

    /** Where the main classes were compiled to (the build directory may be anywhere: -Dbuild.dir). */
    private static Path classesRoot() throws URISyntaxException {
        return Path.of(org.ckansync.run.SafetyValve.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
