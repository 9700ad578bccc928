package org.parley.channel.mail.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.SynchronizationAdapter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.api.IngestBatch;
import org.parley.api.InteractionValidator;
import org.parley.api.InvalidInteractionException;
import org.parley.camel.OutboundReply;
import org.parley.camel.ParleyHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of one mailbox, contributed to Parley's CamelContext as a {@code RoutesBuilder} service, one per factory
 * configuration {@code etc/org.parley.channel.mail-<name>.cfg}.
 *
 * <ul>
 * <li>{@code parley-mail-<account>-poll}: timer; open the folder read only; then, batch after batch while there is
 *     more: read the cursor, read up to batchSize messages after it (see {@link MailPoller}), and hand them to
 *     {@code parley:ingest} with the cursor that covers them, in one transaction. A poll that finds nothing is recorded
 *     by {@code parley:poll}, as is a failure, after which polls back off (see {@link PollBackoff}). A backfill's
 *     progress goes to {@code parley:poll} in the {@code ParleyBackfill} header.</li>
 * <li>{@code parley-mail-<account>-map} at {@code direct:parley-mail-<account>}: where this mailbox's dead letters are
 *     replayed. It takes a message's RFC 822 source and stores it, or fails with the reason.</li>
 * <li>{@code parley-mail-<account>-reply} at {@code parley:outbound}, when smtpUrl is set: sends a reply by SMTP (see
 *     {@link ReplySender}; declared idempotent, for the reason given there).</li>
 * </ul>
 *
 * <p>IMAP is read with Jakarta Mail directly rather than with camel-mail's consumer: camel-mail tracks what it has
 * read with SEEN flags or an idempotent repository, not with a (UIDVALIDITY, UID) cursor committed with the batch, and
 * it would mark the people's mail as read.
 */
@Component(name = MailConfig.PID, service = RoutesBuilder.class, configurationPid = MailConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MailConfig.class, factory = true)
public class MailRoutes extends RouteBuilder {

    private static final String MAILBOX = "ParleyMailMailbox";
    private static final String MORE = "ParleyMailMore";
    private static final String CHANGED = "ParleyMailChanged";

    private static final Logger LOG = LoggerFactory.getLogger(MailRoutes.class);

    private final MailSettings settings;
    private final Session imapSession;
    private final MailMapper mapper;
    private final MailPoller poller;
    private final PollBackoff backoff;
    private final ReplySender sender;

    @Activate
    public MailRoutes(MailConfig config, Map<String, Object> properties) {
        this(settings(config, properties), Clock.systemUTC());
    }

    public MailRoutes(MailSettings settings, Clock clock) {
        this.settings = settings;
        this.imapSession = MailSessions.imap(settings);
        this.mapper = new MailMapper(settings.account(), settings.maxMessageBytes(), mapUri(), new InteractionValidator(clock));
        this.poller = new MailPoller(settings, mapper, clock);
        this.backoff = new PollBackoff(settings.pollInterval(), clock);
        this.sender = settings.canReply() ? new ReplySender(settings) : null;
    }

    private static MailSettings settings(MailConfig config, Map<String, Object> properties) {
        String name = MailSettings.configName(properties);
        MailSettings settings = MailSettings.validate(MailSettings.displayPid(name, properties), name, config);
        LOG.info("Mail {} configured: {} every {}; {}", settings.account(), settings.mailbox(), settings.pollInterval(),
                settings.canReply() ? "replies through " + settings.smtp() + " from " + settings.fromAddress()
                        : "no replies (no smtpUrl)");
        return settings;
    }

    public String pollRouteId() {
        return "parley-mail-" + settings.account() + "-poll";
    }

    public String mapRouteId() {
        return "parley-mail-" + settings.account() + "-map";
    }

    public String replyRouteId() {
        return "parley-mail-" + settings.account() + "-reply";
    }

    /** Where this mailbox's dead letters are replayed. */
    public String mapUri() {
        return "direct:parley-mail-" + settings.account();
    }

    @Override
    public void configure() {
        String params = "?channel=" + MailMapper.CHANNEL + "&account=" + settings.account();
        long period = settings.pollInterval().toMillis();

        from("timer:parley-mail-" + settings.account() + "?period=" + period + "&delay=" + Math.min(1000, period))
                .routeId(pollRouteId())
                .onException(Exception.class).handled(true)
                    .process(this::pollFailed)
                    .to("parley:poll" + params)
                .end()
                .filter(exchange -> backoff.due())
                    .process(this::openMailbox)
                    .loopDoWhile(this::keepReading)
                        .to("parley:cursor" + params)
                        .process(this::readBatch)
                        .choice()
                            .when(exchangeProperty(CHANGED).isEqualTo(true))
                                .to("parley:ingest" + params)
                                .process(this::logBatch)
                            .otherwise()
                                .to("parley:poll" + params)
                        .end()
                        .filter(header(ParleyHeaders.BACKFILL).isNotNull())
                            .to("parley:poll" + params)
                        .end()
                    .end()
                    .process(exchange -> backoff.succeeded())
                .end();

        // Errors go back to the replayer, which keeps the dead letter with the new reason.
        from(mapUri())
                .routeId(mapRouteId())
                .errorHandler(noErrorHandler())
                .process(this::mapReplay)
                .to("parley:ingest" + params);

        if (sender != null) {
            // Errors go back to Parley's reply desk, which retries, waits or marks the reply FAILED.
            from("parley:outbound" + params + "&requireApproval=" + settings.requireApproval() + "&idempotent=true")
                    .routeId(replyRouteId())
                    .errorHandler(noErrorHandler())
                    .process(this::sendReply);
        }
    }

    private void openMailbox(Exchange exchange) throws Exception {
        ImapMailbox box = MailSessions.call(() -> {
            try {
                return ImapMailbox.open(settings, imapSession);
            } catch (MessagingException e) {
                throw new MailPollException(describe("cannot open", e), e);
            }
        });
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                box.close();
            }
        });
        exchange.setProperty(MAILBOX, box);
        exchange.setProperty(MORE, true);
    }

    private boolean keepReading(Exchange exchange) {
        if (!Boolean.TRUE.equals(exchange.getProperty(MORE, Boolean.class))) {
            return false;
        }
        // Stop between batches when the route is being stopped (bundle stopping, configuration changed).
        ServiceStatus status = exchange.getContext().getRouteController().getRouteStatus(pollRouteId());
        return status == null || status.isStarted();
    }

    private void readBatch(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        message.removeHeader(ParleyHeaders.BACKFILL);
        ImapMailbox box = exchange.getProperty(MAILBOX, ImapMailbox.class);
        String stored = message.getHeader(ParleyHeaders.CURSOR, String.class);
        MailPoller.Batch batch = MailSessions.call(() -> {
            try {
                return poller.next(stored, box);
            } catch (MessagingException | IOException e) {
                throw new MailPollException(describe("cannot read", e), e);
            }
        });
        exchange.setProperty(MORE, batch.more());
        exchange.setProperty(CHANGED, batch.changed());
        if (batch.backfill() != null) {
            message.setHeader(ParleyHeaders.BACKFILL, batch.backfill());
        }
        if (batch.skipped() > 0) {
            LOG.info("Mail {}: {} automatic messages (auto-replies, bounces) skipped", settings.account(), batch.skipped());
        }
        message.setBody(new IngestBatch(MailMapper.CHANNEL, settings.account(), batch.interactions(),
                batch.deadLetters(), batch.cursor()));
    }

    private void logBatch(Exchange exchange) {
        IngestBatch batch = exchange.getMessage().getBody(IngestBatch.class);
        if (batch != null && (!batch.interactions().isEmpty() || !batch.deadLetters().isEmpty())) {
            LOG.info("Mail {}: {} messages handed over, {} dead letters; cursor {}", settings.account(),
                    batch.interactions().size(), batch.deadLetters().size(), batch.cursor());
        }
    }

    private void pollFailed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Instant next = backoff.failed();
        LOG.warn("Mail {}: poll failed ({} in a row), next poll at {}: {}", settings.account(), backoff.failures(),
                next, e == null ? "unknown error" : e.getMessage());
    }

    private void mapReplay(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        byte[] raw = RawSource.bytes(message.getMandatoryBody(String.class));
        MailMapper.Result result = MailSessions.call(() -> mapper.map(raw, null));
        if (result.deadLetter() != null) {
            throw new InvalidInteractionException(result.deadLetter().reason());
        }
        if (result.skipped() != null) {
            throw new InvalidInteractionException("not stored: " + result.skipped() + ", which Parley skips");
        }
        message.setBody(new IngestBatch(MailMapper.CHANNEL, settings.account(), List.of(result.interaction()),
                List.of(), null));
    }

    private void sendReply(Exchange exchange) throws Exception {
        OutboundReply reply = exchange.getMessage().getMandatoryBody(OutboundReply.class);
        String messageId = MailSessions.call(() -> sender.send(reply));
        exchange.getMessage().setHeader(ParleyHeaders.REPLY_EXTERNAL_ID, messageId);
    }

    /** A failure as a line for logs and {@code parley:status}: server, user, folder and the server's answer. */
    private String describe(String what, Exception e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        if (e instanceof AuthenticationFailedException) {
            return "IMAP login to " + settings.imap() + " as " + settings.username() + " refused: " + detail
                    + " (check username and password)";
        }
        if (e instanceof FolderNotFoundException) {
            return "folder '" + settings.folder() + "' does not exist for " + settings.username() + " on " + settings.imap();
        }
        return what + " " + settings.mailbox() + ": " + e.getClass().getSimpleName() + ": " + detail;
    }
}
