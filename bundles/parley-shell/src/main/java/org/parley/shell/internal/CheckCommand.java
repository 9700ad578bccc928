package org.parley.shell.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.parley.rules.RuleCatalog;

/**
 * {@code parley:check}: every configuration problem at once. Each Parley component validates its configuration when
 * it activates and refuses a wrong value with the PID, the key and what is wrong; Declarative Services keeps that
 * refusal, so this reads it back for every Parley bundle, together with the rule sets that were refused, instead of
 * leaving the admin to find them one by one in the log. Components waiting for a service are listed as notes: a
 * channel waits for the store, the outbox worker for a CRM connector.
 */
@Service
@Command(scope = "parley", name = "check", description = "Reports every problem in Parley's configuration at once: "
        + "refused configurations (PID, key, what is wrong), refused rule sets, and what each component waits for")
public class CheckCommand extends ParleyAction {

    static final int MESSAGE_CHARS = 400;

    @Reference
    BundleContext bundleContext;

    @Reference
    ServiceComponentRuntime components;

    @Reference(optional = true)
    RuleCatalog rules;

    @Override
    public Object execute() {
        List<String> problems = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        List<Bundle> parley = Arrays.stream(bundleContext.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("parley-"))
                .sorted(Comparator.comparing(Bundle::getSymbolicName))
                .toList();
        for (Bundle bundle : parley) {
            for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs(bundle)) {
                if (!components.isComponentEnabled(description)) {
                    continue;
                }
                for (ComponentConfigurationDTO configuration : components.getComponentConfigurationDTOs(description)) {
                    if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        problems.add(refusal(description, configuration));
                    } else if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                        waiting.add(waitingFor(description, configuration));
                    }
                }
            }
        }
        if (rules != null) {
            rules.sets().stream().filter(RuleCatalog.RuleSetInfo::refused)
                    .forEach(set -> set.problems().forEach(p -> problems.add(ShellText.cell(p, MESSAGE_CHARS))));
        }

        if (problems.isEmpty()) {
            out().println("No configuration problem in " + parley.size() + " Parley bundles.");
        } else {
            out().println(problems.size() + (problems.size() == 1 ? " configuration problem:" : " configuration problems:"));
            problems.forEach(p -> out().println("  - " + p));
        }
        if (!waiting.isEmpty()) {
            out().println("Waiting (normal while what they need is not configured or not started):");
            waiting.forEach(w -> out().println("  - " + w));
        }
        if (!problems.isEmpty()) {
            // So that scripts (bin/client) see the failure in the exit status.
            throw new IllegalStateException(problems.size() + " configuration problem(s); see above");
        }
        return null;
    }

    /** The component's refusal as it threw it: the message names the PID and the key; no stack trace. */
    private static String refusal(ComponentDescriptionDTO description, ComponentConfigurationDTO configuration) {
        String failure = configuration.failure == null ? "failed to activate" : configuration.failure;
        // The trace DS keeps starts with the reflective wrapper around the constructor; the refusal is its root cause.
        String first = failure.lines().filter(l -> l.startsWith("Caused by: ")).reduce((a, b) -> b)
                .map(l -> l.substring("Caused by: ".length()))
                .orElse(failure.lines().findFirst().orElse(failure));
        // "java.lang.IllegalArgumentException: org.parley...: key ..." -> the message alone.
        int colon = first.indexOf(": ");
        if (colon > 0 && first.substring(0, colon).matches("[\\w.$]+(Exception|Error)")) {
            first = first.substring(colon + 2);
        }
        // Parley's messages start with the configuration they are about; name it (as its file is named) otherwise.
        Object pid = configuration.properties == null ? null : configuration.properties.get("service.pid");
        String file = pid == null ? null : String.valueOf(pid).replace('~', '-');
        String factory = pid == null ? null : String.valueOf(pid).split("~", 2)[0];
        String where = file != null && !first.startsWith(factory) ? file + ": " : "";
        return ShellText.cell(where + first, MESSAGE_CHARS) + " (" + description.name + ")";
    }

    private static String waitingFor(ComponentDescriptionDTO description, ComponentConfigurationDTO configuration) {
        List<String> needs = new ArrayList<>();
        for (UnsatisfiedReferenceDTO unsatisfied : configuration.unsatisfiedReferences) {
            String service = Arrays.stream(description.references)
                    .filter(r -> r.name.equals(unsatisfied.name))
                    .map(r -> r.interfaceName.substring(r.interfaceName.lastIndexOf('.') + 1))
                    .findFirst().orElse(unsatisfied.name);
            needs.add(service);
        }
        return description.name + " waits for " + String.join(", ", needs);
    }
}
