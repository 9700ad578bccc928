package org.parley.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.parley.api.InteractionKey;
import org.parley.api.Replies;
import org.parley.api.Reply;

/** {@code parley:reply}: answers an interaction on its channel, from the account it arrived on. */
@Service
@Command(scope = "parley", name = "reply", description = "Replies to an interaction on its channel (posted at once, or after a second person approves)")
public class ReplyCommand extends ParleyAction {

    @Argument(index = 0, name = "interaction", required = true, description = "The interaction's key, channel:externalId (see parley:interactions)")
    String interaction;

    @Argument(index = 1, name = "text", required = true, multiValued = true, description = "What to say")
    List<String> text;

    @Reference
    Replies replies;

    @Reference(optional = true)
    Session session;

    @Override
    public Object execute() {
        Reply reply = replies.request(InteractionKey.parse(interaction), String.join(" ", text), user(session));
        out().println(switch (reply.status()) {
            case AWAITING_APPROVAL -> "Reply " + reply.id() + " waits for a second person: parley:replies approve " + reply.id();
            default -> "Reply " + reply.id() + " is queued; parley:replies show " + reply.id() + " tells when it is posted.";
        });
        return null;
    }

    /** Who is asking, as recorded on the reply: the Karaf user of the session. */
    static String user(Session session) {
        Object user = session == null ? null : session.get("USER");
        return "karaf:" + (user == null ? "shell" : user);
    }
}
