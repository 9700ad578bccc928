/**
 * What parley-rules shows of the admins' rules beyond {@link org.parley.api.Rules}: {@link
 * org.parley.rules.RuleCatalog}, for the shell. Exported; everything else of the engine is private.
 */
package org.parley.rules;
