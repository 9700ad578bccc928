package org.parley.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.parley.api.DeadLetterStore;

/** Completes the ids of pending dead letters, the newest {@value #MAX_CANDIDATES}. */
@Service
public class DeadLetterIdCompleter implements Completer {

    static final int MAX_CANDIDATES = 200;

    @Reference
    DeadLetterStore deadLetters;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        deadLetters.list(null, false, MAX_CANDIDATES)
                .forEach(d -> delegate.getStrings().add(Long.toString(d.id())));
        return delegate.complete(session, commandLine, candidates);
    }
}
