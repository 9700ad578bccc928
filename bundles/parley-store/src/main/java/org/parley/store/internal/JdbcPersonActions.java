package org.parley.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.InteractionKey;
import org.parley.api.PersonActions;
import org.parley.api.RuleAction;

/** The rules' person actions (rule_actions), written by InteractionWriter with their interaction. */
@Component(service = PersonActions.class)
public final class JdbcPersonActions implements PersonActions {

    private final ParleyDatabase database;

    @Activate
    public JdbcPersonActions(@Reference(name = "database") ParleyDatabase database) {
        this.database = database;
    }

    @Override
    public List<Pending> pending(InteractionKey key) {
        return database.read("read the pending rule actions of " + key, connection -> {
            List<Pending> out = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT a.id, a.rule_id, a.action, a.action_value"
                    + " FROM rule_actions a JOIN interactions i ON i.id = a.interaction_id"
                    + " WHERE i.channel = ? AND i.external_id = ? AND a.done_at IS NULL ORDER BY a.id")) {
                ps.setString(1, key.channel());
                ps.setString(2, key.externalId());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Pending(rs.getLong(1), new RuleAction(rs.getString(2),
                                RuleAction.Type.valueOf(rs.getString(3)), rs.getString(4))));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void done(long id, Instant at) {
        database.read("mark rule action " + id + " done", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE rule_actions SET done_at = ? WHERE id = ?")) {
                Jdbc.setInstant(ps, 1, at);
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
    }
}
