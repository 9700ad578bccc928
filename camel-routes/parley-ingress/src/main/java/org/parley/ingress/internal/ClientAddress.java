package org.parley.ingress.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * Who sent a request, for rate limiting and logs. The TCP peer, unless it is a trusted reverse proxy: then the
 * {@code X-Forwarded-For} chain is read from the right (the hop the proxy itself appended), skipping trusted proxies,
 * and the first address not trusted is the client. Hops a client wrote itself (the left part) are never believed
 * past the first untrusted one, so a client cannot pick its own rate-limit bucket.
 */
final class ClientAddress {

    /** Hops looked at, at most; a longer chain is someone playing. */
    static final int MAX_HOPS = 20;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV4_WITH_PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d{1,5}");
    private static final Pattern BRACKETED_IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::\\d{1,5})?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final InetAddressSet trusted;
    private final boolean any;

    ClientAddress(InetAddressSet trusted) {
        this.trusted = trusted;
        this.any = !trusted.isEmpty();
    }

    /**
     * @param peer          the TCP peer's address
     * @param forwardedFor  every {@code X-Forwarded-For} header value, in order
     */
    String of(String peer, List<String> forwardedFor) {
        if (!any || forwardedFor.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String hop : value.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        String client = peer;
        for (int i = hops.size() - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i--, seen++) {
            InetAddress address = literal(hops.get(i));
            if (address == null) {
                return client; // garbage from whoever wrote this hop: the last trusted hop's word is all there is
            }
            client = address.getHostAddress();
            if (!trusted.test(address)) {
                return client;
            }
        }
        return client;
    }

    private boolean isTrusted(String peer) {
        InetAddress address = literal(peer);
        return address != null && trusted.test(address);
    }

    /** An IP literal (with a port, or in brackets, as some proxies write it) as an address; null for anything else. */
    static InetAddress literal(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        var withPort = IPV4_WITH_PORT.matcher(s);
        if (withPort.matches()) {
            s = withPort.group(1);
        }
        var bracketed = BRACKETED_IPV6.matcher(s);
        if (bracketed.matches()) {
            s = bracketed.group(1);
        }
        try {
            if (IPV4.matcher(s).matches()) {
                byte[] octets = new byte[4];
                String[] parts = s.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return null;
                    }
                    octets[i] = (byte) octet;
                }
                return InetAddress.getByAddress(octets);
            }
            // With a colon the JDK parses an IPv6 literal and never looks a name up.
            return IPV6.matcher(s).matches() ? InetAddress.getByName(s) : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
