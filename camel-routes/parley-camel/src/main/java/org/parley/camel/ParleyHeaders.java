package org.parley.camel;

/**
 * Message headers of the {@code parley:} endpoints. With the endpoint URIs they are the whole contract a channel
 * route is written against (see the README's "Write a channel").
 */
public final class ParleyHeaders {

    /** In: the cursor position the ingested batch covers. Out of {@code parley:cursor}: the stored cursor, or null. */
    public static final String CURSOR = "ParleyCursor";
    /** Out of {@code parley:ingest}: the {@link org.parley.api.StoreResult} of the committed batch. */
    public static final String STORE_RESULT = "ParleyStoreResult";
    /** In to {@code parley:deadletter}: why the payload was refused. */
    public static final String DEAD_LETTER_REASON = "ParleyDeadLetterReason";
    /** Set by a replay: the id of the dead letter whose payload this exchange carries. */
    public static final String REPLAY_OF = "ParleyReplayOf";
    /** Out of a replay that was refused again: the new reason. */
    public static final String REPLAY_REFUSED = "ParleyReplayRefused";

    /** In to {@code parley:poll}: how a backfill of the account's history stands, shown in {@code parley:status}. */
    public static final String BACKFILL = "ParleyBackfill";
    /**
     * Out of a {@code parley:outbound} route, required: the channel's id of the posted reply. A route that returns
     * without it has not posted, and the reply is tried again.
     */
    public static final String REPLY_EXTERNAL_ID = "ParleyReplyExternalId";
    /** Out of a {@code parley:outbound} route, optional: the link to the posted reply. */
    public static final String REPLY_URL = "ParleyReplyUrl";

    private ParleyHeaders() {
    }
}
