package org.parley.channel.mail.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.parley.api.config.ConfigValues;

/**
 * A mailbox's configuration, checked. Built once at activation by {@link #validate}; every wrong value is refused with
 * a message naming the configuration, the key and what is allowed. Passwords are never part of a message, and
 * {@link #toString()} masks them.
 *
 * @param name            how messages name the configuration, for example {@code org.parley.channel.mail-acme}
 * @param imap            the IMAP server
 * @param folder          the folder read
 * @param username        IMAP login
 * @param password        IMAP password (secret)
 * @param smtp            the SMTP server, or null when this mailbox takes no replies
 * @param smtpUsername    SMTP login (the IMAP one unless configured)
 * @param smtpPassword    SMTP password (secret; the IMAP one unless configured)
 * @param fromAddress     the address replies come from, or null without SMTP
 * @param fromName        the display name of {@code fromAddress}, or null
 * @param account         account label; also part of route ids
 * @param pollInterval    time between polls
 * @param batchSize       messages committed together with their cursor
 * @param backfillWindow  history read when the account has no cursor yet; zero for none
 * @param requireApproval replies need a second person's approval
 * @param maxMessageBytes largest message read; a larger one becomes a dead letter
 * @param connectTimeout  TCP/TLS connect timeout
 * @param readTimeout     longest wait for one server answer
 */
public record MailSettings(String name, MailServer imap, String folder, String username, String password,
                           MailServer smtp, String smtpUsername, String smtpPassword, String fromAddress, String fromName,
                           String account, Duration pollInterval, int batchSize, Duration backfillWindow,
                           boolean requireApproval, long maxMessageBytes, Duration connectTimeout, Duration readTimeout) {

    public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(10);
    public static final int MAX_BATCH_SIZE = 1000;
    public static final Duration MAX_BACKFILL_WINDOW = Duration.ofDays(3650);

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KB|MB)?", Pattern.CASE_INSENSITIVE);
    private static final String MASK = "*****";

    /** Whether replies can be sent from this mailbox. */
    public boolean canReply() {
        return smtp != null;
    }

    /** The domain of {@link #fromAddress()}, for the Message-IDs of replies. */
    public String fromDomain() {
        return fromAddress.substring(fromAddress.lastIndexOf('@') + 1);
    }

    /** Who reads what, for logs: {@code support@acme.example on imaps://imap.acme.example:993 folder INBOX}. */
    public String mailbox() {
        return username + " on " + imap + " folder " + folder;
    }

    /** The same settings polling at another interval: for tests and embedding, below the configurable minimum. */
    public MailSettings withPollInterval(Duration interval) {
        return new MailSettings(name, imap, folder, username, password, smtp, smtpUsername, smtpPassword, fromAddress,
                fromName, account, interval, batchSize, backfillWindow, requireApproval, maxMessageBytes, connectTimeout,
                readTimeout);
    }

    @Override
    public String toString() {
        return "MailSettings[name=" + name + ", imap=" + imap + ", folder=" + folder + ", username=" + username
                + ", password=" + MASK + ", smtp=" + smtp + ", smtpUsername=" + smtpUsername
                + ", smtpPassword=" + (smtpPassword == null ? null : MASK) + ", fromAddress=" + fromAddress
                + ", account=" + account + ", pollInterval=" + pollInterval + ", batchSize=" + batchSize
                + ", backfillWindow=" + backfillWindow + ", requireApproval=" + requireApproval
                + ", maxMessageBytes=" + maxMessageBytes + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + "]";
    }

    /**
     * Checks a configuration.
     *
     * @param pid        how the configuration is named in messages (e.g. {@code org.parley.channel.mail-acme})
     * @param configName the part after {@code -} in the file name, the default account; null when unknown
     * @throws IllegalArgumentException naming the first wrong value, never echoing a password
     */
    public static MailSettings validate(String pid, String configName, MailConfig config) {
        String where = pid + ": ";
        boolean allowPlaintext = config.allowPlaintext();
        MailServer imap = MailServer.parse(where, "imapUrl", required(where, "imapUrl", config.imapUrl(),
                "set the IMAP server, for example imaps://imap.example.org:993"), MailServer.Kind.IMAP, allowPlaintext);
        String folder = required(where, "folder", config.folder(), "set the IMAP folder to read, for example INBOX").trim();
        String username = required(where, "username", config.username(), "set the IMAP login").trim();
        String password = required(where, "password", config.password(), "set the IMAP password");

        MailServer smtp = null;
        String smtpUsername = null;
        String smtpPassword = null;
        String fromAddress = null;
        String fromName = null;
        if (!isBlank(config.smtpUrl())) {
            smtp = MailServer.parse(where, "smtpUrl", config.smtpUrl(), MailServer.Kind.SMTP, allowPlaintext);
            smtpUsername = isBlank(config.smtpUsername()) ? username : config.smtpUsername().trim();
            smtpPassword = isBlank(config.smtpPassword()) ? password : config.smtpPassword();
            InternetAddress from = fromAddress(where, config.fromAddress(), username);
            fromAddress = from.getAddress();
            fromName = from.getPersonal();
        }

        Duration poll = ConfigValues.duration(where, "pollInterval", config.pollInterval());
        if (poll.compareTo(MIN_POLL_INTERVAL) < 0) {
            throw new IllegalArgumentException(where + "pollInterval '" + config.pollInterval()
                    + "' is shorter than the minimum of " + MIN_POLL_INTERVAL.toSeconds() + " seconds");
        }
        if (config.batchSize() < 1 || config.batchSize() > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException(where + "batchSize " + config.batchSize() + " must be between 1 and "
                    + MAX_BATCH_SIZE);
        }
        Duration window = ConfigValues.duration(where, "backfillWindow", config.backfillWindow());
        if (window.isNegative() || window.compareTo(MAX_BACKFILL_WINDOW) > 0) {
            throw new IllegalArgumentException(where + "backfillWindow '" + config.backfillWindow()
                    + "' must be between PT0S (no backfill) and P" + MAX_BACKFILL_WINDOW.toDays() + "D");
        }
        String account = account(where, config.account(), configName);
        long maxMessageBytes = size(where, "maxMessageBytes", config.maxMessageBytes());
        Duration connect = ConfigValues.positiveDuration(where, "connectTimeout", config.connectTimeout());
        Duration read = ConfigValues.positiveDuration(where, "readTimeout", config.readTimeout());
        return new MailSettings(pid, imap, folder, username, password, smtp, smtpUsername, smtpPassword, fromAddress,
                fromName, account, poll, config.batchSize(), window, config.requireApproval(), maxMessageBytes, connect,
                read);
    }

    /**
     * The configuration's name as an admin knows it, from the properties Felix FileInstall and ConfigAdmin set:
     * {@code felix.fileinstall.filename} ({@code .../org.parley.channel.mail-acme.cfg}) or a named factory PID
     * ({@code org.parley.channel.mail~acme}). Null when neither tells.
     */
    public static String configName(Map<String, ?> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String f = file.toString();
            String base = f.substring(Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\')) + 1);
            String prefix = MailConfig.PID + "-";
            if (base.startsWith(prefix)) {
                int dot = base.lastIndexOf('.');
                return base.substring(prefix.length(), dot > prefix.length() ? dot : base.length());
            }
        }
        Object pid = properties.get("service.pid");
        if (pid != null && pid.toString().startsWith(MailConfig.PID + "~")) {
            return pid.toString().substring(MailConfig.PID.length() + 1);
        }
        return null;
    }

    /** How messages name the configuration: {@code org.parley.channel.mail-<name>}, else its PID. */
    public static String displayPid(String configName, Map<String, ?> properties) {
        if (configName != null) {
            return MailConfig.PID + "-" + configName;
        }
        Object pid = properties.get("service.pid");
        return pid == null ? MailConfig.PID : pid.toString();
    }

    private static InternetAddress fromAddress(String where, String value, String username) {
        String v = isBlank(value) ? null : value.trim();
        if (v == null) {
            if (!username.contains("@")) {
                throw new IllegalArgumentException(where + "fromAddress is missing: set the address replies come from, "
                        + "for example support@example.org (the user name '" + username + "' is not an address)");
            }
            v = username;
        }
        try {
            InternetAddress address = new InternetAddress(v, true);
            String a = address.getAddress();
            if (a == null || a.indexOf('@') <= 0 || a.endsWith("@")) {
                throw new AddressException("no domain");
            }
            return address;
        } catch (AddressException e) {
            throw new IllegalArgumentException(where + "fromAddress '" + v + "' is not an e-mail address such as "
                    + "support@example.org or \"Acme Support <support@example.org>\"");
        }
    }

    private static String account(String where, String value, String configName) {
        String account = isBlank(value) ? configName : value.trim();
        if (isBlank(account)) {
            throw new IllegalArgumentException(where + "account is missing: set account, or name the file "
                    + MailConfig.PID + "-<account>.cfg");
        }
        if (!ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException(where + "account '" + account
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return account;
    }

    static long size(String where, String key, String value) {
        Matcher m = SIZE.matcher(value == null ? "" : value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(where + key + " '" + value + "' is not a size such as 10485760, 512KB or 10MB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long bytes = switch (unit) {
            case "KB" -> n * 1024;
            case "MB" -> n * 1024 * 1024;
            default -> n;
        };
        if (bytes < 1024 || bytes > 1024L * 1024 * 1024) {
            throw new IllegalArgumentException(where + key + " '" + value + "' must be between 1KB and 1024MB");
        }
        return bytes;
    }

    private static String required(String where, String key, String value, String hint) {
        if (isBlank(value)) {
            throw new IllegalArgumentException(where + key + " is missing: " + hint);
        }
        return value;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
