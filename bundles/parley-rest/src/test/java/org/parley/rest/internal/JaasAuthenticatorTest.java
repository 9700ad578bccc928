package org.parley.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Logins against a JAAS realm: roles from Karaf's RolePrincipals only, wrong passwords and realms refused. */
class JaasAuthenticatorTest {

    private final JaasAuthenticator jaas = new JaasAuthenticator(TestRealm.NAME, new TestRealm());

    @Test
    void aUserGetsTheRolesOfItsRolePrincipalsAndIsNamedAsKarafUser() {
        Optional<Caller> caller = jaas.login("karaf", "karaf-secret-pw".toCharArray());

        assertThat(caller).isPresent();
        assertThat(caller.get().roles()).isEqualTo(Set.of("admin", "manager"));
        assertThat(caller.get().getName()).isEqualTo("karaf:karaf");
        assertThat(Roles.mayChange(caller.get().roles())).isTrue();
    }

    @Test
    void aWrongPasswordOrUnknownUserIsRefused() {
        assertThat(jaas.login("admin", "admin-secret-PW".toCharArray())).isEmpty();
        assertThat(jaas.login("nobody", "x".toCharArray())).isEmpty();
        assertThat(jaas.login("admin", new char[0])).isEmpty();
    }

    @Test
    void anUnknownRealmRefusesEveryone() {
        assertThat(new JaasAuthenticator("no-such-realm", new TestRealm()).login("admin", "admin-secret-pw".toCharArray()))
                .isEmpty();
    }

    @Test
    void thePasswordIsWipedAfterTheLogin() {
        char[] password = "viewer-secret-pw".toCharArray();

        assertThat(jaas.login("viewer", password)).isPresent();

        assertThat(new String(password)).isEqualTo("\0".repeat(password.length));
    }

    @Test
    void onlyViewerAndAdminRolesGiveAccess() {
        assertThat(Roles.mayRead(Set.of("viewer", "ssh"))).isFalse();
        assertThat(Roles.mayRead(Set.of(Roles.VIEWER))).isTrue();
        assertThat(Roles.mayChange(Set.of(Roles.VIEWER))).isFalse();
        assertThat(Roles.mayRead(Set.of(Roles.ADMIN))).isTrue();
        assertThat(Roles.mayChange(Set.of(Roles.KARAF_ADMIN))).isTrue();
    }
}
