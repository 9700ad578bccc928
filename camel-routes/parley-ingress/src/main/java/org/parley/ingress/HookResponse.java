package org.parley.ingress;

import java.nio.charset.StandardCharsets;

/** What the ingress answers. */
public record HookResponse(int status, String contentType, byte[] body) {

    public static HookResponse text(int status, String text) {
        return new HookResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
}
