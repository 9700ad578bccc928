package org.parley.itests;

import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.osgi.service.jakartars.runtime.JakartarsServiceRuntime;
import org.osgi.service.jakartars.runtime.dto.FailedApplicationDTO;
import org.osgi.service.jakartars.runtime.dto.FailedExtensionDTO;
import org.osgi.service.jakartars.runtime.dto.FailedResourceDTO;
import org.osgi.service.jakartars.runtime.dto.RuntimeDTO;

/**
 * What a Pax Exam test says when Parley's API does not answer: every Parley DS component that is not active (and
 * why: its unsatisfied references, its activation failure), and what the Jakarta REST whiteboard refused (failed
 * applications, resources and extensions with their failure reasons). Read from the runtimes' DTOs, as an admin would
 * with scr:list and the whiteboard's runtime service.
 */
final class WhiteboardDiagnostics {

    private WhiteboardDiagnostics() {
    }

    static String describe(BundleContext context) {
        List<String> lines = new ArrayList<>();
        ServiceReference<ServiceComponentRuntime> scrRef = context.getServiceReference(ServiceComponentRuntime.class);
        if (scrRef == null) {
            lines.add("no ServiceComponentRuntime");
        } else {
            ServiceComponentRuntime scr = context.getService(scrRef);
            try {
                for (Bundle bundle : context.getBundles()) {
                    String name = bundle.getSymbolicName();
                    if (name == null || !name.startsWith("org.parley")) {
                        continue;
                    }
                    if (bundle.getState() != Bundle.ACTIVE) {
                        lines.add(name + ": bundle state " + bundle.getState());
                    }
                    for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                        describe(scr, description, lines);
                    }
                }
            } finally {
                context.ungetService(scrRef);
            }
        }
        try {
            for (ServiceReference<JakartarsServiceRuntime> runtime
                    : context.getServiceReferences(JakartarsServiceRuntime.class, null)) {
                lines.add("whiteboard runtime service " + runtime.getProperty("service.id") + " at "
                        + describeEndpoint(runtime.getProperty("osgi.jakartars.endpoint")));
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        ServiceReference<JakartarsServiceRuntime> rsRef = context.getServiceReference(JakartarsServiceRuntime.class);
        if (rsRef == null) {
            lines.add("no JakartarsServiceRuntime");
        } else {
            JakartarsServiceRuntime runtime = context.getService(rsRef);
            try {
                RuntimeDTO dto = runtime.getRuntimeDTO();
                for (FailedApplicationDTO a : dto.failedApplicationDTOs) {
                    lines.add("whiteboard refused application " + a.name + " (service " + a.serviceId + "): reason "
                            + a.failureReason);
                }
                for (FailedResourceDTO r : dto.failedResourceDTOs) {
                    lines.add("whiteboard refused resource " + r.name + " (service " + r.serviceId + "): reason "
                            + r.failureReason);
                }
                for (FailedExtensionDTO e : dto.failedExtensionDTOs) {
                    lines.add("whiteboard refused extension " + e.name + " (service " + e.serviceId + "): reason "
                            + e.failureReason);
                }
                if (dto.defaultApplication != null) {
                    lines.add("whiteboard default application at " + dto.defaultApplication.base + " with "
                            + dto.defaultApplication.resourceDTOs.length + " resources");
                }
                if (dto.applicationDTOs != null) {
                    for (var app : dto.applicationDTOs) {
                        lines.add("whiteboard serves application " + app.name + " at " + app.base + " with "
                                + app.resourceDTOs.length + " resources");
                    }
                }
            } finally {
                context.ungetService(rsRef);
            }
        }
        return lines.isEmpty() ? "every Parley component active, nothing refused" : String.join("\n", lines);
    }

    private static String describeEndpoint(Object endpoint) {
        if (endpoint instanceof String[] urls) {
            return String.join(", ", urls);
        }
        return String.valueOf(endpoint);
    }

    private static void describe(ServiceComponentRuntime scr, ComponentDescriptionDTO description, List<String> lines) {
        if (!scr.isComponentEnabled(description)) {
            lines.add(description.name + ": disabled");
            return;
        }
        var configurations = scr.getComponentConfigurationDTOs(description);
        if (configurations.isEmpty() && !"ignore".equals(description.configurationPolicy)) {
            lines.add(description.name + ": no configuration (policy " + description.configurationPolicy + ")");
        }
        for (ComponentConfigurationDTO c : configurations) {
            if (c.state == ComponentConfigurationDTO.ACTIVE || c.state == ComponentConfigurationDTO.SATISFIED) {
                continue;
            }
            StringBuilder line = new StringBuilder(description.name).append(": state ").append(c.state);
            for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) {
                line.append("; unsatisfied ").append(r.name).append(" ").append(r.target == null ? "" : r.target);
            }
            if (c.failure != null) {
                line.append("; failure ").append(c.failure.lines().limit(3).toList());
            }
            lines.add(line.toString());
        }
    }
}
