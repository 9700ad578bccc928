package org.parley.api;

/**
 * A CRM record a social identity is linked to, and how sure that link is.
 *
 * @param type       the CRM's record type, for example {@code Contacts} or {@code Leads}
 * @param id         the CRM's id of the record
 * @param method     how the link was made
 * @param confidence 0..1; a manual link is 1
 */
public record ContactRef(String type, String id, Method method, double confidence) {

    public enum Method { EMAIL, HANDLE, PHONE, MANUAL, LEAD_CREATED }

    public static ContactRef contact(String id, Method method, double confidence) {
        return new ContactRef("Contacts", id, method, confidence);
    }

    public static ContactRef lead(String id, Method method, double confidence) {
        return new ContactRef("Leads", id, method, confidence);
    }
}
