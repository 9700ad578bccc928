package org.parley.rest.internal;

import jakarta.ws.rs.core.Application;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationBase;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * The Social tab's page under {@value Whiteboard#TAB_BASE}, on the API's whiteboard (so the page calls the API on its
 * own origin). An application apart from the API: a page needs other headers than data (a CSP that lets it run its
 * own scripts and be framed by the CRM), and it is served only together with {@link TabHeaders}.
 */
@Component(service = Application.class)
@JakartarsApplicationBase(Whiteboard.TAB_BASE)
@JakartarsName(Whiteboard.TAB_NAME)
@JakartarsExtensionSelect("(osgi.jakartars.name=" + Whiteboard.TAB_HEADERS + ")")
public final class TabApplication extends Application {
}
