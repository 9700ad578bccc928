package org.parley.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.parley.api.ChannelState;
import org.parley.api.ChannelStateStore;

/** Completes the names of the channels that have polled, as the channel state store knows them. */
@Service
public class ChannelCompleter implements Completer {

    @Reference
    ChannelStateStore channelStates;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        channelStates.states().stream()
                .map(ChannelState::channel)
                .map(ShellText::line)
                .filter(name -> !name.isEmpty())
                .forEach(delegate.getStrings()::add);
        return delegate.complete(session, commandLine, candidates);
    }
}
