package org.parley.crm.suitecrm.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.api.ContactRef;
import org.parley.api.CrmConnector;
import org.parley.api.CrmException;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.SocialIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parley's {@link CrmConnector} for SuiteCRM 7.x and 8.x, over the V8 JSON:API. Configured by
 * {@code etc/org.parley.crm.suitecrm.cfg} (see {@link SuiteCrmConfig}).
 *
 * <ul>
 * <li>People are found by e-mail ({@code email1}, re-checked on the record: the API can match an address whose link was
 *     deleted), by the channel's handle field and by the phone fields, in Contacts and in Leads.</li>
 * <li>History is a Note per interaction carrying the interaction key in {@code noteKeyField}; the key is looked up
 *     before a Note is written, so a retry after a crash finds the first Note instead of writing a second.</li>
 * <li>Tags are Target Lists named {@code <targetListPrefix><tag>}; scores are two fields on the record.</li>
 * </ul>
 * Logs carry record ids and interaction keys only: never text, addresses, handles or credentials.
 */
@Component(name = SuiteCrmConfig.PID, service = CrmConnector.class, configurationPid = SuiteCrmConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SuiteCrmConfig.class)
public class SuiteCrmConnector implements CrmConnector {

    static final String CONTACTS = "Contacts";
    static final String LEADS = "Leads";
    static final String NOTES = "Notes";
    static final String PROSPECT_LISTS = "ProspectLists";
    static final String USERS = "Users";
    static final int PAGE_SIZE = 20;

    static final double EMAIL_CONFIDENCE = 1.0;
    static final double HANDLE_CONFIDENCE = 0.9;
    static final double PHONE_CONFIDENCE = 0.8;

    private static final Logger LOG = LoggerFactory.getLogger(SuiteCrmConnector.class);
    /** SuiteCRM ids are UUIDs; anything else could walk out of the URL path. */
    private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final int NOTE_TITLE_MAX = 60;
    private static final int DESCRIPTION_MAX = 60_000;

    private final SuiteCrmSettings settings;
    private final V8Client client;
    private final Map<String, Object> listLocks = new ConcurrentHashMap<>();

    @Activate
    public SuiteCrmConnector(SuiteCrmConfig config) {
        this(SuiteCrmSettings.validate(SuiteCrmConfig.PID, config), Clock.systemUTC());
        LOG.info("SuiteCRM connector configured: API at {}, {} grant, client {}", settings.apiRoot(),
                settings.grantType(), settings.clientId());
    }

    public SuiteCrmConnector(SuiteCrmSettings settings, Clock clock) {
        this.settings = settings;
        this.client = new V8Client(settings, new ObjectMapper(), clock);
    }

    SuiteCrmSettings settings() {
        return settings;
    }

    /** OAuth2 tokens fetched so far (for tests and status). */
    long tokensFetched() {
        return client.tokensFetched();
    }

    @Override
    public String toString() {
        return "SuiteCrmConnector[" + settings.apiRoot() + ", client " + settings.clientId() + "]";
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> c = EnumSet.of(Capability.FIND_BY_EMAIL, Capability.CREATE_LEAD, Capability.HISTORY,
                Capability.TAG_LISTS, Capability.OWNERS);
        if (!settings.handleFields().isEmpty()) {
            c.add(Capability.FIND_BY_HANDLE);
        }
        if (!settings.phoneFields().isEmpty()) {
            c.add(Capability.FIND_BY_PHONE);
        }
        if (!settings.engagementField().isEmpty() || !settings.sentimentField().isEmpty()) {
            c.add(Capability.SCORES);
        }
        return c;
    }

    // ---- identity -----------------------------------------------------------------------------------------------

    @Override
    public List<ContactRef> findCandidates(SocialIdentity identity) {
        Map<String, ContactRef> found = new LinkedHashMap<>();
        String email = blankToNull(identity.email());
        if (email != null) {
            for (String module : List.of(CONTACTS, LEADS)) {
                for (JsonNode record : list(module, Map.of("filter[email1][eq]", email), "email1")) {
                    // The e-mail filter can match an address whose link was deleted (SuiteCRM issue #9606).
                    if (email.equalsIgnoreCase(record.path("attributes").path("email1").asText("").trim())) {
                        add(found, module, record, ContactRef.Method.EMAIL, EMAIL_CONFIDENCE);
                    }
                }
            }
        }
        String handle = blankToNull(identity.handle());
        Optional<String> handleField = settings.handleField(identity.channel());
        if (handle != null && handleField.isPresent()) {
            String field = handleField.get();
            for (String module : List.of(CONTACTS, LEADS)) {
                for (JsonNode record : list(module, Map.of("filter[" + field + "][eq]", handle), field)) {
                    add(found, module, record, ContactRef.Method.HANDLE, HANDLE_CONFIDENCE);
                }
            }
        }
        String phone = blankToNull(identity.phone());
        if (phone != null && !settings.phoneFields().isEmpty()) {
            Map<String, String> filter = new LinkedHashMap<>();
            if (settings.phoneFields().size() > 1) {
                filter.put("filter[operator]", "or");
            }
            for (String field : settings.phoneFields()) {
                filter.put("filter[" + field + "][eq]", phone);
            }
            for (String module : List.of(CONTACTS, LEADS)) {
                for (JsonNode record : list(module, filter, String.join(",", settings.phoneFields()))) {
                    add(found, module, record, ContactRef.Method.PHONE, PHONE_CONFIDENCE);
                }
            }
        }
        List<ContactRef> result = new ArrayList<>(found.values());
        result.sort(Comparator.comparingDouble(ContactRef::confidence).reversed());
        LOG.debug("Found {} SuiteCRM candidate(s) for a {} identity: {}", result.size(), identity.channel(),
                result.stream().map(ContactRef::id).toList());
        return result;
    }

    /** Keeps the strongest way each record matched; converted leads are left out (their contact is found instead). */
    private static void add(Map<String, ContactRef> found, String module, JsonNode record, ContactRef.Method method,
                            double confidence) {
        String id = record.path("id").asText("");
        if (id.isEmpty()) {
            return;
        }
        if (module.equals(LEADS) && isConverted(record)) {
            return;
        }
        String key = module + "/" + id;
        ContactRef existing = found.get(key);
        if (existing == null || existing.confidence() < confidence) {
            found.put(key, new ContactRef(module, id, method, confidence));
        }
    }

    private static boolean isConverted(JsonNode record) {
        JsonNode a = record.path("attributes");
        return "Converted".equalsIgnoreCase(a.path("status").asText("")) || "1".equals(a.path("converted").asText(""));
    }

    /** One page of a filtered list: always paged, since an unpaged list returns every record. */
    private List<JsonNode> list(String module, Map<String, String> filter, String fields) {
        Map<String, String> query = new LinkedHashMap<>(filter);
        String f = module.equals(LEADS) ? fields + ",status,converted" : fields;
        query.put("fields[" + module + "]", f);
        query.put("page[size]", Integer.toString(PAGE_SIZE));
        query.put("page[number]", "1");
        String by = String.join(",", filter.keySet().stream().filter(k -> k.startsWith("filter[") && !k.equals("filter[operator]"))
                .map(k -> k.substring(7, k.indexOf(']'))).toList());
        JsonNode data = client.get("V8/module/" + module, query, "list " + module + " by " + by).path("data");
        List<JsonNode> records = new ArrayList<>();
        data.forEach(records::add);
        return records;
    }

    @Override
    public ContactRef createLead(SocialIdentity identity, String source) {
        ObjectNode attributes = client.json().createObjectNode();
        String name = blankToNull(identity.displayName());
        if (name == null) {
            name = blankToNull(identity.handle());
        }
        attributes.put("last_name", V8Client.truncate(name == null ? "(unknown)" : name.strip(), 100));
        if (blankToNull(identity.email()) != null) {
            attributes.put("email1", identity.email().trim());
        }
        if (blankToNull(identity.phone()) != null) {
            attributes.put("phone_mobile", identity.phone().trim());
        }
        settings.handleField(identity.channel()).ifPresent(field -> {
            if (blankToNull(identity.handle()) != null) {
                attributes.put(field, identity.handle().trim());
            }
        });
        attributes.put("lead_source", "Other");
        attributes.put("lead_source_description", source == null ? "Parley" : V8Client.truncate(source, 1000));
        attributes.put("status", "New");
        String id = create(LEADS, attributes, "create a Lead");
        LOG.info("Created SuiteCRM lead {} for a {} identity", id, identity.channel());
        return ContactRef.lead(id, ContactRef.Method.LEAD_CREATED, 1.0);
    }

    @Override
    public Optional<ContactRef> current(ContactRef record) {
        String module = module(record);
        String id = recordId(record);
        Optional<JsonNode> found = fetch(module, id);
        if (found.isEmpty()) {
            LOG.debug("SuiteCRM {} {} is gone", module, id);
            return Optional.empty();
        }
        if (module.equals(LEADS)) {
            JsonNode a = found.get().path("attributes");
            String contactId = a.path("contact_id").asText("").trim();
            if ("Converted".equalsIgnoreCase(a.path("status").asText("")) && !contactId.isEmpty()) {
                if (!RECORD_ID.matcher(contactId).matches() || fetch(CONTACTS, contactId).isEmpty()) {
                    LOG.debug("SuiteCRM lead {} was converted to contact {}, which is gone", id, contactId);
                    return Optional.empty();
                }
                LOG.debug("SuiteCRM lead {} was converted to contact {}", id, contactId);
                return Optional.of(ContactRef.contact(contactId, record.method(), record.confidence()));
            }
        }
        return Optional.of(new ContactRef(module, id, record.method(), record.confidence()));
    }

    private Optional<JsonNode> fetch(String module, String id) {
        try {
            JsonNode data = client.get("V8/module/" + module + "/" + id, Map.of(), "read " + module + " " + id).path("data");
            return data.isObject() && !data.path("id").asText("").isEmpty() ? Optional.of(data) : Optional.empty();
        } catch (V8Exception e) {
            if (e.isRecordNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    // ---- history ------------------------------------------------------------------------------------------------

    @Override
    public String writeHistory(ContactRef record, Interaction interaction) {
        String module = module(record);
        String id = recordId(record);
        if (interaction.channel() == null || interaction.externalId() == null) {
            throw CrmException.permanent("An interaction without channel or external id cannot be written to SuiteCRM");
        }
        String key = interaction.key().toString();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("filter[" + settings.noteKeyField() + "][eq]", key);
        query.put("fields[" + NOTES + "]", "name," + settings.noteKeyField());
        query.put("page[size]", "1");
        query.put("page[number]", "1");
        JsonNode existing = client.get("V8/module/" + NOTES, query, "look up the Note of " + key).path("data");
        if (existing.isArray() && existing.size() > 0) {
            String noteId = existing.get(0).path("id").asText();
            LOG.debug("SuiteCRM note {} already holds interaction {}", noteId, key);
            return noteId;
        }
        ObjectNode attributes = client.json().createObjectNode();
        attributes.put("name", NoteText.title(interaction, NOTE_TITLE_MAX));
        attributes.put("description", NoteText.description(interaction, DESCRIPTION_MAX));
        attributes.put(settings.noteKeyField(), key);
        if (module.equals(CONTACTS)) {
            attributes.put("contact_id", id);   // the Contact's History subpanel (relationship "notes")
        }
        attributes.put("parent_type", module);
        attributes.put("parent_id", id);
        String noteId = create(NOTES, attributes, "write the Note of " + key);
        LOG.debug("Wrote interaction {} to SuiteCRM {} {} as note {}", key, module, id, noteId);
        return noteId;
    }

    /**
     * Deletes the Note Parley recorded, and every Note that carries the key (a write whose answer was lost). SuiteCRM
     * marks a deleted record {@code deleted = 1}; its "Prune Database" scheduler job removes it for good. A Note gone
     * already (SuiteCRM's 400 "… is not found") counts as removed before.
     */
    @Override
    public int removeHistory(InteractionKey key, String crmId) {
        Set<String> noteIds = new java.util.LinkedHashSet<>();
        if (crmId != null && !crmId.isBlank()) {
            noteIds.add(crmId);
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("filter[" + settings.noteKeyField() + "][eq]", key.toString());
        query.put("fields[" + NOTES + "]", settings.noteKeyField());
        query.put("page[size]", Integer.toString(PAGE_SIZE));
        query.put("page[number]", "1");
        for (JsonNode note : client.get("V8/module/" + NOTES, query, "look up the Notes of " + key).path("data")) {
            String id = note.path("id").asText("");
            // The filter matched; the attribute is checked too, as a filter on a missing field would match nothing.
            if (!id.isEmpty() && key.toString().equals(note.path("attributes").path(settings.noteKeyField()).asText())) {
                noteIds.add(id);
            }
        }
        int removed = 0;
        for (String noteId : noteIds) {
            try {
                client.call("DELETE", "V8/module/" + NOTES + "/" + noteId, Map.of(), null,
                        "delete the Note of " + key);
                removed++;
            } catch (V8Exception e) {
                if (!e.isRecordNotFound()) {
                    throw e;
                }
            }
        }
        LOG.debug("Removed {} SuiteCRM notes of interaction {}", removed, key);
        return removed;
    }

    // ---- tags and scores ----------------------------------------------------------------------------------------

    @Override
    public void setTagMembership(ContactRef record, String tag, boolean member) {
        String module = module(record);
        String id = recordId(record);
        if (tag == null || tag.isBlank()) {
            throw CrmException.permanent("A tag without a name cannot be mirrored to a SuiteCRM Target List");
        }
        String listName = V8Client.truncate(settings.targetListPrefix() + tag.strip(), 255);
        String link = module.equals(CONTACTS) ? "contacts" : "leads";
        synchronized (listLocks.computeIfAbsent(listName, n -> new Object())) {
            Optional<String> listId = findList(listName, tag);
            if (listId.isEmpty()) {
                if (!member) {
                    return;
                }
                ObjectNode attributes = client.json().createObjectNode();
                attributes.put("name", listName);
                attributes.put("list_type", "default");
                attributes.put("description", "Parley tag '" + tag.strip() + "'");
                listId = Optional.of(create(PROSPECT_LISTS, attributes, "create the Target List of tag " + tag));
                LOG.info("Created SuiteCRM target list {} for tag {}", listId.get(), tag);
            }
            String path = "V8/module/" + PROSPECT_LISTS + "/" + listId.get() + "/relationships/" + link;
            if (member) {
                ObjectNode body = client.json().createObjectNode();
                body.putObject("data").put("type", module).put("id", id);
                client.call("POST", path, Map.of(), body, "add " + module + " " + id + " to the Target List of tag " + tag);
                LOG.debug("Added SuiteCRM {} {} to target list {}", module, id, listId.get());
            } else {
                client.call("DELETE", path + "/" + id, Map.of(), null,
                        "remove " + module + " " + id + " from the Target List of tag " + tag);
                LOG.debug("Removed SuiteCRM {} {} from target list {}", module, id, listId.get());
            }
        }
    }

    private Optional<String> findList(String listName, String tag) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("filter[name][eq]", listName);
        query.put("fields[" + PROSPECT_LISTS + "]", "name");
        query.put("page[size]", Integer.toString(PAGE_SIZE));
        query.put("page[number]", "1");
        JsonNode data = client.get("V8/module/" + PROSPECT_LISTS, query, "find the Target List of tag " + tag).path("data");
        // MySQL compares without regard to case: prefer the list spelled exactly as ours, else take the first match.
        String first = null;
        for (JsonNode list : data) {
            String listId = list.path("id").asText("");
            if (listId.isEmpty()) {
                continue;
            }
            if (listName.equals(list.path("attributes").path("name").asText(""))) {
                return Optional.of(listId);
            }
            first = first == null ? listId : first;
        }
        return Optional.ofNullable(first);
    }

    @Override
    public void setScores(ContactRef record, double engagement, double sentiment) {
        String module = module(record);
        String id = recordId(record);
        ObjectNode attributes = client.json().createObjectNode();
        if (!settings.engagementField().isEmpty()) {
            attributes.put(settings.engagementField(), score(engagement));
        }
        if (!settings.sentimentField().isEmpty()) {
            attributes.put(settings.sentimentField(), score(sentiment));
        }
        if (attributes.isEmpty()) {
            return;
        }
        ObjectNode body = client.json().createObjectNode();
        body.putObject("data").put("type", module).put("id", id).set("attributes", attributes);
        client.call("PATCH", "V8/module", Map.of(), body, "write the scores of " + module + " " + id);
        LOG.debug("Wrote scores to SuiteCRM {} {}", module, id);
    }

    /**
     * Sets the record's {@code assigned_user_id} to the active user with this login name. Users are looked up each
     * time (an assignment is rare, and users come and go); no such user is permanent: a person must fix the rule.
     */
    @Override
    public void assignOwner(ContactRef record, String user) {
        String module = module(record);
        String id = recordId(record);
        if (user == null || user.isBlank()) {
            throw CrmException.permanent("An owner needs a SuiteCRM user name");
        }
        String userId = null;
        for (JsonNode found : list(USERS, Map.of("filter[user_name][eq]", user.strip()), "user_name,status")) {
            String status = found.path("attributes").path("status").asText("Active");
            if (user.strip().equalsIgnoreCase(found.path("attributes").path("user_name").asText(""))
                    && "Active".equalsIgnoreCase(status)) {
                userId = found.path("id").asText(null);
                break;
            }
        }
        if (userId == null) {
            throw CrmException.permanent("SuiteCRM has no active user '" + user.strip() + "' to own " + module + " " + id);
        }
        ObjectNode body = client.json().createObjectNode();
        body.putObject("data").put("type", module).put("id", id).putObject("attributes").put("assigned_user_id", userId);
        client.call("PATCH", "V8/module", Map.of(), body, "assign " + module + " " + id + " to " + user.strip());
        LOG.info("SuiteCRM {} {} assigned to user {}", module, id, user.strip());
    }

    private static BigDecimal score(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw CrmException.permanent("Score " + value + " cannot be written to SuiteCRM");
        }
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private String create(String module, ObjectNode attributes, String what) {
        ObjectNode body = client.json().createObjectNode();
        body.putObject("data").put("type", module).set("attributes", attributes);
        JsonNode data = client.call("POST", "V8/module", Map.of(), body, what).path("data");
        String id = data.path("id").asText("");
        if (id.isEmpty()) {
            throw CrmException.retryable("SuiteCRM answered '" + what + "' without the new record's id", null, null);
        }
        return id;
    }

    /** The module a reference names: {@code Contacts}/{@code Leads}, also in SuiteCRM's singular form. */
    private static String module(ContactRef record) {
        String type = record == null || record.type() == null ? "" : record.type().trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "contacts", "contact" -> CONTACTS;
            case "leads", "lead" -> LEADS;
            default -> throw CrmException.permanent("SuiteCRM connector cannot use a record of type '"
                    + (record == null ? null : record.type()) + "': only Contacts and Leads");
        };
    }

    private static String recordId(ContactRef record) {
        String id = record.id() == null ? "" : record.id().trim();
        if (!RECORD_ID.matcher(id).matches()) {
            throw CrmException.permanent("'" + V8Client.truncate(id, 80) + "' is not a SuiteCRM record id");
        }
        return id;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
