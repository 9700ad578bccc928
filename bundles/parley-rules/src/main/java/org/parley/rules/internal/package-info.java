/**
 * The admins' rules: a small rule language in Java properties, one factory configuration per rule set, evaluated by
 * {@link org.parley.rules.internal.RuleBook} (the {@link org.parley.api.Rules} service).
 *
 * <h2>Files</h2>
 * {@code etc/org.parley.rules-<set>.cfg}, one per rule set; each rule is two or three keys:
 * <pre>
 * # etc/org.parley.rules-service.cfg
 * unhappy.when = sentiment &lt; -0.3 and text has any of "refund", "terrible", "kapot", "reembolso", "kecewa", "差评", "退款"
 * unhappy.then = tag person unhappy; flag for reply
 * vip.when     = author.interactions &gt;= 10 and channel in (mastodon, bluesky)
 * vip.then     = tag person fan; assign owner sarah.jones
 * prospect.when    = text has phrase "how much" or text matches /\\bprices?\\b/
 * prospect.then    = tag interaction pricing; make lead
 * prospect.enabled = false
 * # enabled = false   switches the whole set off
 * </pre>
 * A rule's id is {@code <set>/<rule>} ({@code service/unhappy}); rule names are 1 to 64 letters, digits, {@code _}
 * or {@code -}. Rules run in the order of their ids. Karaf reads {@code .cfg} files like Java properties, where a
 * backslash escapes the next character: <b>write every backslash twice</b> ({@code \\b}, {@code \\d}); a single
 * {@code \b} arrives as a backspace and is refused.
 *
 * <h2>Errors</h2>
 * A file with any error is refused whole, with every problem logged at ERROR and shown by {@code parley:rules check},
 * each naming the key and the column: {@code org.parley.rules-service: unhappy.when, column 1: unknown field
 * 'sentimnt' (fields: ...)}. A refused file's rules do not run, and neither do those of its previous version: a file
 * is never half in force. Other files are not affected. Editing the file applies it at once, without a restart.
 *
 * <h2>Condition grammar ({@code <rule>.when})</h2>
 * <pre>
 * condition = or
 * or        = and { "or" and }
 * and       = unary { "and" unary }                    -- and binds tighter than or
 * unary     = "not" unary | "(" condition ")" | test
 * test      = number-field compare NUMBER
 *           | name-field ( "=" | "!=" ) value
 *           | name-field [ "not" ] "in" "(" value { "," value } ")"
 *           | "text" "has" "any" "of" STRING { "," STRING }
 *           | "text" "has" "all" "of" STRING { "," STRING }
 *           | "text" "has" "phrase" STRING
 *           | "text" "matches" "/" pattern "/" [ flags ]
 * number-field = "sentiment"             -- -1 .. 1
 *              | "rating"                -- 1 .. 5 stars, reviews only
 *              | "author.interactions"   -- stored before this one, same channel identity
 *              | "author.daysSinceFirst" | "author.daysSinceLast"   -- fractional days, to the context's now
 * compare   = "&lt;" | "&lt;=" | "&gt;" | "&gt;=" | "=" | "==" | "!="
 * name-field = "channel" | "account" | "kind" | "language"
 * value     = WORD | STRING | NUMBER
 * flags     = letters of: c (match the text as written), i (ignore case), m (multi-line), s (dot matches all)
 * </pre>
 * Words ({@code and}, {@code text}, field names) are case-insensitive. Strings are in {@code "..."} or
 * {@code '...'} with {@code \} escaping the quote. Numbers out of a field's range are refused.
 * <ul>
 *   <li>A test of a value the interaction does not have (no rating, no earlier contact, unknown language) is false
 *       whatever the operator, {@code !=} and {@code not in} included; {@code not} turns it around.</li>
 *   <li>{@code channel}, {@code account}, {@code kind} and {@code language} compare without regard to case;
 *       {@code kind} is one of the interaction kinds; {@code language = zh} matches {@code zh} and {@code zh-TW}
 *       (the context's language, else the interaction's).</li>
 * </ul>
 *
 * <h2>Text</h2>
 * Keywords and phrases are matched case- and accent-insensitively on a normalised text (see {@link
 * org.parley.rules.internal.TextForm}: NFKD, accents removed, lower case, full-width folded):
 * <ul>
 *   <li>in scripts written with spaces, on <b>whole words</b>: {@code "kapot"} matches "Kapót!" but not "kapotte";
 *       {@code "kapot*"} matches words that start so ("kapotte"); {@code "café"} and {@code "cafe"} match both;
 *       a phrase ({@code "how much"}) matches its words in a row, whatever punctuation or spaces lie between;</li>
 *   <li>in Chinese, Japanese, Korean, Thai, Lao, Khmer and Myanmar text, which has no spaces between words, as a
 *       <b>substring</b>: {@code "退款"} matches "我要退款！" (and, unavoidably, "不退款");</li>
 *   <li>an emoji is a word of its own: {@code "😡"} matches "so angry😡😡".</li>
 * </ul>
 * Regular expressions ({@code java.util.regex}, Unicode character classes) run over the normalised text, so a
 * pattern is written in lower case without accents (a pattern letter that normalisation would change is refused);
 * with flag {@code c} they run over the text as written. They see at most {@code regexMaxChars} characters and are
 * stopped after {@code regexTimeLimit} ({@code etc/org.parley.rulebook.cfg}); a stopped expression makes its rule
 * not match that interaction, and is logged (rule, interaction key, never the text) and counted. Each distinct
 * pattern runs once per interaction however many rules use it, and not at all on a text that lacks a literal every
 * match needs ({@link org.parley.rules.internal.RequiredLiteral}: "@" for an e-mail pattern). A slash inside a
 * pattern is written {@code \/} (in a .cfg file {@code \\/}).
 *
 * <h2>Action grammar ({@code <rule>.then})</h2>
 * <pre>
 * actions = action { ";" action } [ ";" ]
 * action  = "tag" "interaction" TAG | "tag" "person" TAG | "make" "lead" | "assign" "owner" USER | "flag" "for" "reply"
 * TAG     = 1 to 64 of a-z 0-9 _ . : -   (lower-cased)
 * USER    = a CRM user name: 1 to 100 of letters, digits, . _ @ -
 * </pre>
 * An action listed twice, or two owners, is refused.
 */
package org.parley.rules.internal;
