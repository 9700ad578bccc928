package org.parley.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.osgi.util.promise.Promise;
import org.parley.api.Interaction;
import org.parley.api.RuleAction;
import org.parley.api.RuleContext;
import org.parley.api.TagRule;
import org.parley.rules.RuleCatalog;

/** parley:check: every refused configuration and rule set at once, and what waits for what. */
class CheckCommandTest {

    private final CheckCommand command = new CheckCommand();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private static final ComponentDescriptionDTO MASTODON = description("org.parley.channel.mastodon",
            reference("store", "org.parley.api.InteractionStore"));
    private static final ComponentDescriptionDTO OUTBOX = description("org.parley.engine.OutboxWorker",
            reference("crm", "org.parley.api.CrmConnector"));
    private static final ComponentDescriptionDTO STORE = description("org.parley.store.JdbcInteractionStore");

    CheckCommandTest() {
        command.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    }

    @Test
    void everyRefusedConfigurationAndRuleSetIsReportedAtOnceAndTheCommandFails() {
        ComponentConfigurationDTO wrongUrl = configuration(ComponentConfigurationDTO.FAILED_ACTIVATION,
                "org.parley.channel.mastodon~brand", "java.lang.reflect.InvocationTargetException\n\tat java.base/"
                        + "jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)\n"
                        + "Caused by: java.lang.IllegalArgumentException: org.parley.channel.mastodon-"
                        + "brand: baseUrl 'ftp://x' is not an http(s) URL\n\tat org.parley.channel.mastodon.internal"
                        + ".MastodonSettings.validate(MastodonSettings.java:40)");
        ComponentConfigurationDTO noKey = configuration(ComponentConfigurationDTO.FAILED_ACTIVATION,
                "org.parley.channel.mastodon~support", "java.lang.IllegalArgumentException: accessToken is missing");
        ComponentConfigurationDTO fine = configuration(ComponentConfigurationDTO.ACTIVE, "org.parley.channel.mastodon~ok", null);
        wire(Map.of(MASTODON, List.of(wrongUrl, noKey, fine), STORE, List.of(configuration(
                ComponentConfigurationDTO.ACTIVE, null, null))),
                List.of("org.parley.rules-service: bad.when, column 12: expected a value after '<'"));

        assertThatThrownBy(command::execute).hasMessage("3 configuration problem(s); see above");

        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("3 configuration problems:")
                .contains("  - org.parley.channel.mastodon-brand: baseUrl 'ftp://x' is not an http(s) URL "
                        + "(org.parley.channel.mastodon)")
                .contains("  - org.parley.channel.mastodon-support: accessToken is missing")
                .contains("  - org.parley.rules-service: bad.when, column 12: expected a value after '<'")
                .doesNotContain("Exception").doesNotContain("MastodonSettings.java");
    }

    @Test
    void aGoodConfigurationSaysSoAndListsWhatWaitsForWhat() {
        ComponentConfigurationDTO waiting = configuration(ComponentConfigurationDTO.UNSATISFIED_REFERENCE, null, null);
        UnsatisfiedReferenceDTO crm = new UnsatisfiedReferenceDTO();
        crm.name = "crm";
        waiting.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {crm};
        wire(Map.of(OUTBOX, List.of(waiting), STORE, List.of(configuration(ComponentConfigurationDTO.ACTIVE, null, null))),
                List.of());

        command.execute();

        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("No configuration problem in 1 Parley bundles.")
                .contains("  - org.parley.engine.OutboxWorker waits for CrmConnector");
    }

    private void wire(Map<ComponentDescriptionDTO, List<ComponentConfigurationDTO>> states, List<String> ruleProblems) {
        Bundle parley = proxy(Bundle.class, (name, args) -> name.equals("getSymbolicName") ? "parley-shell" : null);
        Bundle other = proxy(Bundle.class, (name, args) -> name.equals("getSymbolicName") ? "org.apache.karaf.shell.core" : null);
        command.bundleContext = proxy(BundleContext.class,
                (name, args) -> name.equals("getBundles") ? new Bundle[] {other, parley} : null);
        command.components = new ServiceComponentRuntime() {
            @Override
            public Collection<ComponentDescriptionDTO> getComponentDescriptionDTOs(Bundle... bundles) {
                assertThat(bundles).containsExactly(parley);
                return states.keySet();
            }

            @Override
            public ComponentDescriptionDTO getComponentDescriptionDTO(Bundle bundle, String name) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Collection<ComponentConfigurationDTO> getComponentConfigurationDTOs(ComponentDescriptionDTO d) {
                return states.get(d);
            }

            @Override
            public boolean isComponentEnabled(ComponentDescriptionDTO description) {
                return true;
            }

            @Override
            public Promise<Void> enableComponent(ComponentDescriptionDTO description) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Promise<Void> disableComponent(ComponentDescriptionDTO description) {
                throw new UnsupportedOperationException();
            }
        };
        command.rules = new FakeCatalog(ruleProblems);
    }

    private static ComponentDescriptionDTO description(String name, ReferenceDTO... references) {
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = name;
        description.references = references;
        return description;
    }

    private static ReferenceDTO reference(String name, String interfaceName) {
        ReferenceDTO reference = new ReferenceDTO();
        reference.name = name;
        reference.interfaceName = interfaceName;
        return reference;
    }

    private static ComponentConfigurationDTO configuration(int state, String pid, String failure) {
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.state = state;
        configuration.failure = failure;
        configuration.properties = pid == null ? Map.of() : Map.of("service.pid", pid);
        configuration.unsatisfiedReferences = new UnsatisfiedReferenceDTO[0];
        return configuration;
    }

    interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> switch (method.getName()) {
                    case "equals" -> p == args[0];
                    case "hashCode" -> System.identityHashCode(p);
                    case "toString" -> type.getSimpleName();
                    default -> answer.answer(method.getName(), args);
                });
    }

    /** Rule sets as the rule book loaded them: one refused set when problems are given. */
    private record FakeCatalog(List<String> problems) implements RuleCatalog {
        @Override
        public List<RuleSetInfo> sets() {
            return problems.isEmpty() ? List.of() : List.of(new RuleSetInfo("service", "org.parley.rules-service", true,
                    Instant.EPOCH, List.of(), problems));
        }

        @Override
        public List<TagRule> active() {
            return List.of();
        }

        @Override
        public List<RuleAction> evaluate(Interaction interaction, RuleContext context) {
            return List.of();
        }

        @Override
        public DryRun dryRun(String ruleId, int limit, int examples) {
            throw new UnsupportedOperationException();
        }
    }
}
