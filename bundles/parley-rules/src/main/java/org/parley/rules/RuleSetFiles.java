package org.parley.rules;

import java.util.List;

/**
 * Rule sets written as admins write them by hand: one file {@code etc/org.parley.rules-<set>.cfg} each, which Karaf
 * reads as it reads any edit, so that a rule set saved through the API and one typed into {@code etc/} are the same
 * thing, kept in the same place and backed up with the rest of the configuration.
 */
public interface RuleSetFiles {

    /**
     * What is wrong with this rule set, exactly as it would be refused once written (each problem names the rule, the
     * key and the column); empty when it would be in force.
     */
    List<String> check(String set, boolean enabled, List<RuleText> rules);

    /**
     * Writes the set's file, replacing it whole, after {@link #check} found nothing wrong. Karaf applies it within
     * its configuration poll (a second by default); {@link RuleCatalog#sets()} then shows the new version.
     *
     * @param author who wrote it, recorded in the file's header comment
     * @return true when the set is new
     * @throws RuleSetRefusedException when {@link #check} finds a problem; nothing is written then
     */
    boolean write(String set, boolean enabled, List<RuleText> rules, String author);

    /** Deletes the set's file: its rules stop. @return false when there was no such file */
    boolean delete(String set);

    /**
     * One rule as written: {@code <name>.when}, {@code <name>.then}, {@code <name>.enabled}.
     */
    record RuleText(String name, String when, String then, boolean enabled) {
    }

    /** A rule set that would be refused, with every reason. */
    final class RuleSetRefusedException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final transient List<String> problems;

        public RuleSetRefusedException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
