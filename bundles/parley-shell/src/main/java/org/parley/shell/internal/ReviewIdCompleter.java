package org.parley.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.parley.api.IdentityLinks;

/** Completes the ids of open link reviews. */
@Service
public class ReviewIdCompleter implements Completer {

    @Reference
    IdentityLinks links;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> ids = links.openReviews(1000).stream().map(r -> String.valueOf(r.id())).toList();
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
