package org.parley.camel.internal;

import java.time.Instant;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.DeadLetter;
import org.parley.api.DeadLetterReplayer;
import org.parley.api.DeadLetterStore;
import org.parley.api.StoreResult;
import org.parley.camel.ParleyHeaders;

/** Replays a dead letter by sending its payload to the endpoint it came through (a channel's mapping route, or ingest). */
@Component(service = DeadLetterReplayer.class)
public final class CamelDeadLetterReplayer implements DeadLetterReplayer {

    private final DeadLetterStore deadLetters;
    private final ProducerTemplate template;

    @Activate
    public CamelDeadLetterReplayer(@Reference CamelContext camel, @Reference DeadLetterStore deadLetters) {
        this.deadLetters = deadLetters;
        this.template = camel.createProducerTemplate();
    }

    @Deactivate
    void close() throws Exception {
        template.close();
    }

    @Override
    public Outcome replay(long id) {
        DeadLetter letter = deadLetters.find(id).orElse(null);
        if (letter == null) {
            return new Outcome(id, false, "there is no dead letter " + id);
        }
        if (!letter.pending()) {
            return new Outcome(id, false, "dead letter " + id + " was already replayed at " + letter.replayedAt());
        }
        Exchange done = template.send(letter.replayUri(), exchange -> {
            exchange.getIn().setBody(letter.payload());
            exchange.getIn().setHeader(ParleyHeaders.REPLAY_OF, id);
        });
        String refused = done.getException() != null ? Reasons.of(done.getException())
                : done.getMessage().getHeader(ParleyHeaders.REPLAY_REFUSED, String.class);
        if (refused != null) {
            deadLetters.recordFailedReplay(id, refused);
            return new Outcome(id, false, "refused again: " + refused);
        }
        deadLetters.markReplayed(id, Instant.now());
        StoreResult result = done.getMessage().getHeader(ParleyHeaders.STORE_RESULT, StoreResult.class);
        return new Outcome(id, true, result == null ? "replayed"
                : "replayed: " + result.stored().size() + " stored, " + result.duplicates().size() + " already stored");
    }
}
