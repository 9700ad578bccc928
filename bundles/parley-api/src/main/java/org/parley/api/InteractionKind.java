package org.parley.api;

/** What kind of thing was said. The JSON form uses these names exactly. */
public enum InteractionKind {
    POST, MENTION, COMMENT, REPLY, DIRECT_MESSAGE, REVIEW
}
