package org.parley.channel.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.channel.testkit.Configs;

class MailSettingsTest {

    private static final String PID = "org.parley.channel.mail-acme";
    private static final String SECRET = "s3cr3t-IMAP-pw";
    private static final String SMTP_SECRET = "s3cr3t-SMTP-pw";

    private static MailSettings validate(String... keyValues) {
        Map<String, Object> values = new HashMap<>(Map.of("imapUrl", "imaps://imap.acme.example", "username",
                "support@acme.example", "password", SECRET));
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                values.remove(keyValues[i]);
            } else {
                values.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return MailSettings.validate(PID, "acme", Configs.of(MailConfig.class, values));
    }

    @Test
    void defaultsComeFromTheAnnotation() {
        MailSettings s = validate();

        assertThat(s.imap()).isEqualTo(new MailServer("imaps", "imap.acme.example", 993, MailServer.Security.TLS));
        assertThat(s.folder()).isEqualTo("INBOX");
        assertThat(s.account()).isEqualTo("acme");
        assertThat(s.pollInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.batchSize()).isEqualTo(100);
        assertThat(s.backfillWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(s.requireApproval()).isFalse();
        assertThat(s.maxMessageBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.canReply()).isFalse();
        assertThat(s.smtp()).isNull();
    }

    @Test
    void smtpTakesTheImapLoginAndTheUserNameAsSenderUnlessToldOtherwise() {
        MailSettings same = validate("smtpUrl", "smtps://smtp.acme.example");
        MailSettings own = validate("smtpUrl", "smtp://smtp.acme.example", "smtpUsername", "relay", "smtpPassword",
                SMTP_SECRET, "fromAddress", "Acme Support <Hello@Acme.example>");

        assertThat(same.smtp()).isEqualTo(new MailServer("smtps", "smtp.acme.example", 465, MailServer.Security.TLS));
        assertThat(same.smtpUsername()).isEqualTo("support@acme.example");
        assertThat(same.smtpPassword()).isEqualTo(SECRET);
        assertThat(same.fromAddress()).isEqualTo("support@acme.example");
        assertThat(own.smtp()).isEqualTo(new MailServer("smtp", "smtp.acme.example", 587, MailServer.Security.STARTTLS_REQUIRED));
        assertThat(own.smtpUsername()).isEqualTo("relay");
        assertThat(own.smtpPassword()).isEqualTo(SMTP_SECRET);
        assertThat(own.fromAddress()).isEqualTo("Hello@Acme.example");
        assertThat(own.fromName()).isEqualTo("Acme Support");
        assertThat(own.fromDomain()).isEqualTo("Acme.example");
    }

    @Test
    void plainConnectionsOnlyToThisMachineUnlessAllowed() {
        assertThat(validate("imapUrl", "imap://127.0.0.1:3143").imap().security()).isEqualTo(MailServer.Security.PLAIN);
        assertThat(validate("imapUrl", "imap://localhost").imap().security()).isEqualTo(MailServer.Security.PLAIN);
        assertThat(validate("imapUrl", "imap://imap.acme.example").imap().security())
                .isEqualTo(MailServer.Security.STARTTLS_REQUIRED);
        assertThat(validate("imapUrl", "imap://imap.acme.example", "allowPlaintext", "true").imap().security())
                .isEqualTo(MailServer.Security.STARTTLS_IF_OFFERED);
        assertThat(validate("imapUrl", "imap://10.0.0.7").imap().security())
                .isEqualTo(MailServer.Security.STARTTLS_REQUIRED);
    }

    @Test
    void acceptsSecondsSizesAndZeroBackfill() {
        MailSettings s = validate("pollInterval", "300", "batchSize", "1000", "backfillWindow", "PT0S",
                "maxMessageBytes", "512KB", "readTimeout", "45", "account", "support.nl", "folder", " INBOX/Support ");

        assertThat(s.pollInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.batchSize()).isEqualTo(1000);
        assertThat(s.backfillWindow()).isZero();
        assertThat(s.maxMessageBytes()).isEqualTo(512 * 1024);
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.account()).isEqualTo("support.nl");
        assertThat(s.folder()).isEqualTo("INBOX/Support");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "imapUrl|NULL|org.parley.channel.mail-acme: imapUrl is missing: set the IMAP server, for example imaps://imap.example.org:993",
            "imapUrl|https://imap.acme.example|org.parley.channel.mail-acme: imapUrl 'https://imap.acme.example' must start with imaps:// (TLS) or imap:// (STARTTLS), for example imaps://imap.example.org:993",
            "imapUrl|imaps:///INBOX|org.parley.channel.mail-acme: imapUrl 'imaps:///INBOX' has no host name; expected for example imaps://imap.example.org:993",
            "imapUrl|imaps://imap.acme.example/INBOX|org.parley.channel.mail-acme: imapUrl 'imaps://imap.acme.example/INBOX' must name only the server (scheme, host, port); the folder is set with folder",
            "smtpUrl|imaps://smtp.acme.example|org.parley.channel.mail-acme: smtpUrl 'imaps://smtp.acme.example' must start with smtps:// (TLS) or smtp:// (STARTTLS), for example smtps://smtp.example.org:465",
            "username|' '|org.parley.channel.mail-acme: username is missing: set the IMAP login",
            "password|NULL|org.parley.channel.mail-acme: password is missing: set the IMAP password",
            "folder|' '|org.parley.channel.mail-acme: folder is missing: set the IMAP folder to read, for example INBOX",
            "pollInterval|PT5S|org.parley.channel.mail-acme: pollInterval 'PT5S' is shorter than the minimum of 10 seconds",
            "pollInterval|often|org.parley.channel.mail-acme: pollInterval 'often' is not an ISO-8601 duration such as PT5M, nor a number of seconds",
            "batchSize|0|org.parley.channel.mail-acme: batchSize 0 must be between 1 and 1000",
            "batchSize|1001|org.parley.channel.mail-acme: batchSize 1001 must be between 1 and 1000",
            "backfillWindow|-P1D|org.parley.channel.mail-acme: backfillWindow '-P1D' must be between PT0S (no backfill) and P3650D",
            "backfillWindow|a week|org.parley.channel.mail-acme: backfillWindow 'a week' is not an ISO-8601 duration such as PT5M, nor a number of seconds",
            "maxMessageBytes|10GB|org.parley.channel.mail-acme: maxMessageBytes '10GB' is not a size such as 10485760, 512KB or 10MB",
            "maxMessageBytes|100|org.parley.channel.mail-acme: maxMessageBytes '100' must be between 1KB and 1024MB",
            "account|acme/eu|org.parley.channel.mail-acme: account 'acme/eu' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
            "connectTimeout|PT0S|org.parley.channel.mail-acme: connectTimeout 'PT0S' must be longer than zero",
    })
    void wrongValuesAreRefusedWithTheKeyAndWhatIsAllowed(String key, String value, String message) {
        assertThatThrownBy(() -> validate(key, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void aSenderAddressIsNeededForReplies() {
        assertThatThrownBy(() -> validate("username", "support", "smtpUrl", "smtps://smtp.acme.example"))
                .hasMessage(PID + ": fromAddress is missing: set the address replies come from, for example "
                        + "support@example.org (the user name 'support' is not an address)");
        assertThatThrownBy(() -> validate("smtpUrl", "smtps://smtp.acme.example", "fromAddress", "support at acme"))
                .hasMessage(PID + ": fromAddress 'support at acme' is not an e-mail address such as support@example.org "
                        + "or \"Acme Support <support@example.org>\"");
    }

    @Test
    void aPasswordInAUrlIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> validate("imapUrl", "imaps://support:" + SECRET + "@imap.acme.example"))
                .hasMessage(PID + ": imapUrl must not carry a user name or password (user:password@); "
                        + "set them with username and password")
                .message().doesNotContain(SECRET);
        assertThatThrownBy(() -> validate("smtpUrl", "smtps://relay:" + SMTP_SECRET + "@smtp acme"))
                .message().doesNotContain(SMTP_SECRET).startsWith(PID + ": smtpUrl is not a valid URL");
    }

    @Test
    void toStringMasksBothPasswords() {
        MailSettings s = validate("smtpUrl", "smtps://smtp.acme.example", "smtpPassword", SMTP_SECRET);

        assertThat(s.toString()).doesNotContain(SECRET).doesNotContain(SMTP_SECRET)
                .contains("password=*****").contains("smtpPassword=*****").contains("username=support@acme.example");
    }

    @Test
    void theAccountIsTheConfigurationFilesName() {
        Map<String, Object> file = Map.of("felix.fileinstall.filename", "file:/opt/karaf/etc/org.parley.channel.mail-support.cfg");
        Map<String, Object> factory = Map.of("service.pid", "org.parley.channel.mail~sales");

        assertThat(MailSettings.configName(file)).isEqualTo("support");
        assertThat(MailSettings.displayPid("support", file)).isEqualTo("org.parley.channel.mail-support");
        assertThat(MailSettings.configName(factory)).isEqualTo("sales");
        assertThat(MailSettings.configName(Map.of())).isNull();
        assertThatThrownBy(() -> MailSettings.validate(PID, null, Configs.of(MailConfig.class, Map.of(
                "imapUrl", "imaps://imap.acme.example", "username", "u", "password", "p"))))
                .hasMessage(PID + ": account is missing: set account, or name the file org.parley.channel.mail-<account>.cfg");
    }
}
