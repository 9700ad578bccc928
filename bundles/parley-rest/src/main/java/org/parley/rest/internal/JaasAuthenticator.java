package org.parley.rest.internal;

import java.security.Principal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a user name and password against a JAAS realm (Karaf's {@code karaf} realm in production) and reads the
 * user's roles from the {@code RolePrincipal}s the realm's modules add. Stateless; safe for concurrent requests.
 */
final class JaasAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(JaasAuthenticator.class);

    private final String realm;
    /** Null: the JVM's JAAS configuration, which Karaf installs and keeps up to date with its realms. */
    private final Configuration configuration;

    JaasAuthenticator(String realm, Configuration configuration) {
        this.realm = realm;
        this.configuration = configuration;
    }

    /**
     * @return the caller with its roles, or empty when the realm refuses the credentials (or cannot check them: then
     *         the reason is logged, never the password)
     */
    Optional<Caller> login(String user, char[] password) {
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads the realm's login module class (Karaf's ProxyLoginModule, on Karaf's system class path)
        // through the context class loader; a web container thread's loader may not see it, this bundle's does.
        thread.setContextClassLoader(JaasAuthenticator.class.getClassLoader());
        try {
            LoginContext context = new LoginContext(realm, subject, callbacks -> answer(callbacks, user, password),
                    configuration);
            context.login();
            Set<String> roles = new HashSet<>();
            for (Principal principal : subject.getPrincipals()) {
                if (Roles.ROLE_PRINCIPAL_CLASS.equals(principal.getClass().getName())) {
                    roles.add(principal.getName());
                }
            }
            logout(context);
            return Optional.of(Caller.karaf(user, roles));
        } catch (LoginException e) {
            if (e instanceof javax.security.auth.login.FailedLoginException
                    || e instanceof javax.security.auth.login.AccountException
                    || e instanceof javax.security.auth.login.CredentialException) {
                LOG.debug("JAAS realm '{}' refused user '{}'", realm, user);
            } else {
                LOG.warn("JAAS realm '{}' could not check user '{}': {}", realm, user, e.getMessage());
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn("JAAS realm '{}' failed while checking user '{}': {}", realm, user, e.toString());
            return Optional.empty();
        } finally {
            thread.setContextClassLoader(previous);
            Arrays.fill(password, '\0');
        }
    }

    private static void answer(Callback[] callbacks, String user, char[] password)
            throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(user);
            } else if (callback instanceof PasswordCallback pass) {
                pass.setPassword(password);
            } else {
                throw new UnsupportedCallbackException(callback, "Parley answers user name and password only");
            }
        }
    }

    private void logout(LoginContext context) {
        try {
            context.logout();
        } catch (LoginException e) {
            LOG.debug("JAAS logout from realm '{}' failed: {}", realm, e.getMessage());
        }
    }
}
