package org.parley.channel.mail.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Collects bytes up to a limit and gives up as soon as it is passed, so that a message whose size the server
 * understated costs at most {@code limit} bytes of memory.
 */
final class BoundedOutputStream extends OutputStream {

    /** More bytes came than allowed. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("more than " + limit + " bytes");
        }
    }

    private final long limit;
    private final ByteArrayOutputStream buffer;

    BoundedOutputStream(long limit, long expected) {
        this.limit = limit;
        this.buffer = new ByteArrayOutputStream((int) Math.max(256, Math.min(expected, limit)));
    }

    @Override
    public void write(int b) throws IOException {
        check(1);
        buffer.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        check(len);
        buffer.write(b, off, len);
    }

    byte[] toByteArray() {
        return buffer.toByteArray();
    }

    private void check(int more) throws TooLargeException {
        if (buffer.size() + (long) more > limit) {
            throw new TooLargeException(limit);
        }
    }
}
