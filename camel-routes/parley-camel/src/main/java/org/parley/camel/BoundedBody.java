package org.parley.camel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * For channels that read with the JDK's HttpClient: collects a response body up to a limit and gives up as soon as it
 * is passed (by Content-Length or by counting), cancelling the download, so a huge or endless answer from a channel
 * costs at most {@code limit} bytes of memory. {@code client.sendAsync(request, info -> BoundedBody.of(limit, info))}.
 */
public final class BoundedBody implements BodySubscriber<byte[]> {

    /** The body is larger than allowed; {@link #getMessage()} says by how much it was found out. */
    public static final class TooLargeException extends IOException {

        private static final long serialVersionUID = 1L;
        private final long limit;

        TooLargeException(String what, long limit) {
            super(what);
            this.limit = limit;
        }

        /** The limit that was passed, in bytes. */
        public long limit() {
            return limit;
        }
    }

    private final long limit;
    private final long declaredLength;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    /**
     * @param limit          the most bytes kept
     * @param declaredLength the response's Content-Length, or -1 when it has none
     */
    public BoundedBody(long limit, long declaredLength) {
        this.limit = limit;
        this.declaredLength = declaredLength;
    }

    /** A bounded body for a response, refused at once when its Content-Length is over the limit. */
    public static BoundedBody of(long limit, java.net.http.HttpResponse.ResponseInfo info) {
        return new BoundedBody(limit, info.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (declaredLength > limit) {
            fail("Content-Length " + declaredLength);
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            if (buffer.size() + (long) item.remaining() > limit) {
                fail("more than " + limit + " bytes");
                return;
            }
            byte[] bytes = new byte[item.remaining()];
            item.get(bytes);
            buffer.writeBytes(bytes);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(buffer.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    private void fail(String what) {
        subscription.cancel();
        result.completeExceptionally(new TooLargeException(what, limit));
    }
}
