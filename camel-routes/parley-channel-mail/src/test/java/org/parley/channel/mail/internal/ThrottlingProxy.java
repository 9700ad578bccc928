package org.parley.channel.mail.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of the test IMAP server that can answer the next connections the way a throttling IMAP server
 * does: an untagged {@code * BYE [UNAVAILABLE]} greeting (RFC 5530) and a closed connection. IMAP has no HTTP 429;
 * this is its equivalent.
 */
final class ThrottlingProxy implements AutoCloseable {

    static final String BYE = "* BYE [UNAVAILABLE] Too many connections, try again later\r\n";

    private final String host;
    private final int targetPort;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "imap-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refuseNext = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();

    ThrottlingProxy(String host, int targetPort) throws IOException {
        this.host = host;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        threads.execute(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The next {@code n} connections get the throttling answer. */
    void refuseNext(int n) {
        refuseNext.set(n);
    }

    int refused() {
        return refused.get();
    }

    /** Connections accepted so far (each poll opens one). */
    int connections() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                accepted.incrementAndGet();
                client.setTcpNoDelay(true);
                sockets.add(client);
                if (refuseNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                    refused.incrementAndGet();
                    try (client) {
                        client.getOutputStream().write(BYE.getBytes(StandardCharsets.US_ASCII));
                        client.getOutputStream().flush();
                    }
                    continue;
                }
                Socket upstream = new Socket(host, targetPort);
                upstream.setTcpNoDelay(true);
                sockets.add(upstream);
                threads.execute(() -> pipe(client, upstream));
                threads.execute(() -> pipe(upstream, client));
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: close both
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.remove(s);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        sockets.forEach(this::closeQuietly);
        threads.shutdownNow();
    }
}
