package org.parley.rest.internal;

import java.util.Optional;
import org.parley.api.ContactRef;
import org.parley.api.IdentityLinks;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionStore;
import org.parley.api.Reply;
import org.parley.api.ReplyStore;
import org.parley.rest.TabToken;

/**
 * Whether what a tab request names belongs to the token's contact. Something that does not exist is not refused
 * here: the resource answers 404 for it, as it would to anyone.
 */
final class TabScopes {

    private final InteractionStore interactions;
    private final IdentityLinks links;
    private final ReplyStore replies;

    TabScopes(InteractionStore interactions, IdentityLinks links, ReplyStore replies) {
        this.interactions = interactions;
        this.links = links;
        this.replies = replies;
    }

    static boolean isContact(TabToken token, String type, String id) {
        return token.contactType().equals(type) && token.contactId().equals(id);
    }

    boolean interactionAllowed(TabToken token, InteractionKey key) {
        Optional<Interaction> interaction = interactions.find(key);
        return interaction.isEmpty() || authorIsContact(token, interaction.get());
    }

    boolean replyAllowed(TabToken token, long id) {
        Optional<Reply> reply = replies.find(id);
        return reply.isEmpty() || interactions.find(reply.get().inReplyTo())
                .map(original -> authorIsContact(token, original))
                .orElse(false);
    }

    private boolean authorIsContact(TabToken token, Interaction interaction) {
        if (interaction.author() == null || interaction.author().handle() == null) {
            return false;
        }
        Optional<ContactRef> linked = links.linkOf(interaction.channel(), interaction.author().handle());
        return linked.isPresent() && isContact(token, linked.get().type(), linked.get().id());
    }
}
