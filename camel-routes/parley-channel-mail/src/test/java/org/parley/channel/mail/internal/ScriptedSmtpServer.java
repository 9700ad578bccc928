package org.parley.channel.mail.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP server (RFC 5321) on 127.0.0.1 whose answer to {@code RCPT TO} is set by the test: {@code 250} takes the
 * message, {@code 550 5.1.1} is an unknown mailbox, {@code 451 4.3.0} a temporary failure; and whose greeting can turn
 * the client away ({@code 421}). Answers one connection at a time, as SMTP clients use it here.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket server;
    private final Thread thread;
    volatile String greeting = "220 scripted.test ESMTP";
    volatile String rcptAnswer = "250 2.1.5 OK";
    final List<String> received = new CopyOnWriteArrayList<>();
    final List<String> commands = new CopyOnWriteArrayList<>();

    ScriptedSmtpServer() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
        thread = new Thread(this::serve, "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                session(s);
            } catch (IOException e) {
                // the client went away, or the server is closing
            }
        }
    }

    private void session(Socket s) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        send(out, greeting);
        if (!greeting.startsWith("220")) {
            return; // turned away, as RFC 5321 4.3.2 allows with 421 or 554
        }
        String line;
        while ((line = in.readLine()) != null) {
            commands.add(line);
            String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            switch (verb) {
                case "EHLO" -> send(out, "250-scripted.test\r\n250-8BITMIME\r\n250 SMTPUTF8");
                case "HELO", "MAIL", "RSET", "NOOP" -> send(out, "250 2.0.0 OK");
                case "RCPT" -> send(out, rcptAnswer);
                case "DATA" -> {
                    send(out, "354 End data with <CR><LF>.<CR><LF>");
                    StringBuilder message = new StringBuilder();
                    String data;
                    while ((data = in.readLine()) != null && !data.equals(".")) {
                        message.append(data).append("\r\n");
                    }
                    received.add(message.toString());
                    send(out, "250 2.0.0 queued");
                }
                case "QUIT" -> {
                    send(out, "221 2.0.0 bye");
                    return;
                }
                default -> send(out, "502 5.5.2 command not recognised");
            }
        }
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
