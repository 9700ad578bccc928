package org.parley.rest.internal;

import jakarta.ws.rs.core.Application;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationBase;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Parley's API as one whiteboard application under {@value Whiteboard#APP_BASE}; resources and extensions join it by
 * selecting {@value Whiteboard#SELECT_APP}. It is served only while its authentication, access control, error and
 * JSON extensions are there, so that no resource is ever reachable without them.
 */
@Component(service = Application.class)
@JakartarsApplicationBase(Whiteboard.APP_BASE)
@JakartarsName(Whiteboard.APP_NAME)
@JakartarsExtensionSelect({
        "(osgi.jakartars.name=" + Whiteboard.AUTHENTICATION + ")",
        "(osgi.jakartars.name=" + Whiteboard.ACCESS_CONTROL + ")",
        "(osgi.jakartars.name=" + Whiteboard.ERRORS + ")",
        "(osgi.jakartars.name=" + Whiteboard.JSON + ")"})
public final class ApiApplication extends Application {
}
