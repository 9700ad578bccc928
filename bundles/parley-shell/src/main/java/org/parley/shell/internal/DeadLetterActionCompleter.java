package org.parley.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the sub-actions of {@code parley:deadletters}. */
@Service
public class DeadLetterActionCompleter implements Completer {

    private final StringsCompleter delegate = new StringsCompleter(DeadLettersCommand.ACTIONS);

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return delegate.complete(session, commandLine, candidates);
    }
}
