package org.parley.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.parley.rules.RuleCatalog;

/** Completes rule ids, {@code SET/RULE}, enabled or not; nothing while the rules engine is not running. */
@Service
public class RuleIdCompleter implements Completer {

    @Reference(optional = true)
    RuleCatalog rules;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        if (rules != null) {
            rules.sets().stream().flatMap(s -> s.rules().stream()).map(r -> ShellText.line(r.id()))
                    .filter(id -> !id.isEmpty()).forEach(delegate.getStrings()::add);
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
