package org.parley.rest.internal;

import java.util.regex.Pattern;
import org.parley.api.ContactRef;

/** Reading path and query parameters; anything wrong is a 400 that says which parameter and what is allowed. */
final class Params {

    private static final Pattern CONTACT_TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    /** CRM ids: no '|' (the tab token's separator), no control characters. */
    private static final Pattern CONTACT_ID = Pattern.compile("[^|\\p{Cntrl}]{1,255}");
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");

    private Params() {
    }

    /** The CRM record of a path; method and confidence are not part of its identity. */
    static ContactRef contact(String type, String id) {
        if (type == null || !CONTACT_TYPE.matcher(type).matches()) {
            throw ApiException.invalid("contact type '" + shown(type) + "' must be a CRM module name such as Contacts or Leads");
        }
        if (id == null || !CONTACT_ID.matcher(id).matches() || id.isBlank()) {
            throw ApiException.invalid("contact id must be 1 to 255 characters without '|' or control characters");
        }
        return new ContactRef(type, id, ContactRef.Method.MANUAL, 1.0);
    }

    static String channel(String channel) {
        if (channel == null || !CHANNEL.matcher(channel).matches()) {
            throw ApiException.invalid("channel '" + shown(channel) + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return channel;
    }

    static long id(String what, String value) {
        if (value == null || !NUMBER.matcher(value).matches()) {
            throw ApiException.invalid(what + " id '" + shown(value) + "' is not a number");
        }
        return Long.parseLong(value);
    }

    /** A query parameter limit: {@code fallback} when absent, else 1 to {@code max}. */
    static int limit(String value, int fallback, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (NUMBER.matcher(value).matches()) {
            long n = Long.parseLong(value);
            if (n >= 1 && n <= max) {
                return (int) n;
            }
        }
        throw ApiException.invalid("limit '" + shown(value) + "' must be a number from 1 to " + max);
    }

    /** A value from the request as error messages repeat it: at most 64 characters. */
    static String shown(String value) {
        return value == null || value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }

    /** A required text field of a request body: present, not blank, at most {@code max} characters. */
    static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalid("'" + field + "' is required");
        }
        if (value.length() > max) {
            throw ApiException.invalid("'" + field + "' is " + value.length() + " characters long; at most " + max
                    + " are allowed");
        }
        return value;
    }
}
