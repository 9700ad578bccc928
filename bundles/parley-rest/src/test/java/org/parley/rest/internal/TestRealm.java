package org.parley.rest.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

/**
 * A JAAS realm for tests that behaves like Karaf's properties realm: users with passwords, and Karaf's own
 * {@link UserPrincipal} and {@link RolePrincipal} for the logged-in user.
 */
final class TestRealm extends Configuration {

    static final String NAME = "parley-test";

    /** user -> password, roles. */
    static final Map<String, User> USERS = Map.of(
            "viewer", new User("viewer-secret-pw", Set.of(Roles.VIEWER)),
            "admin", new User("admin-secret-pw", Set.of(Roles.ADMIN)),
            "karaf", new User("karaf-secret-pw", Set.of(Roles.KARAF_ADMIN, "manager")),
            "clerk", new User("clerk-secret-pw", Set.of("viewer", "ssh")));

    record User(String password, Set<String> roles) {
    }

    @Override
    public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        if (!NAME.equals(name)) {
            return null;
        }
        return new AppConfigurationEntry[] {new AppConfigurationEntry(Module.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())};
    }

    /** Checks the password and adds the user's principals on commit, removes them on logout. */
    public static final class Module implements LoginModule {
        private Subject subject;
        private CallbackHandler handler;
        private String user;
        private List<java.security.Principal> principals = List.of();

        @Override
        public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> sharedState,
                               Map<String, ?> options) {
            this.subject = subject;
            this.handler = handler;
        }

        @Override
        public boolean login() throws LoginException {
            NameCallback name = new NameCallback("user");
            PasswordCallback password = new PasswordCallback("password", false);
            try {
                handler.handle(new Callback[] {name, password});
            } catch (Exception e) {
                throw new LoginException(e.toString());
            }
            User known = USERS.get(name.getName());
            char[] given = password.getPassword();
            if (known == null || given == null || !Arrays.equals(known.password().toCharArray(), given)) {
                throw new FailedLoginException("wrong user name or password");
            }
            user = name.getName();
            return true;
        }

        @Override
        public boolean commit() {
            principals = new java.util.ArrayList<>();
            principals.add(new UserPrincipal(user));
            USERS.get(user).roles().forEach(role -> principals.add(new RolePrincipal(role)));
            subject.getPrincipals().addAll(principals);
            return true;
        }

        @Override
        public boolean abort() {
            return true;
        }

        @Override
        public boolean logout() {
            subject.getPrincipals().removeAll(principals);
            return true;
        }
    }
}
